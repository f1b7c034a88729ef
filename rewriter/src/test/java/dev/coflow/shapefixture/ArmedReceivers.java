package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Shape fixture: interface calls at suspension points whose receiver lies under a long, and under three arguments; a
 * static call; a static call of an inherited method through the subclass's name. (A virtual call goes through the
 * callee's virtual entry instead, with no copy of the receiver.)
 */
public class ArmedReceivers implements ArmedReceiver {
    @Coroutine
    public long wide(long x) {
        return Coroutines.<Long>yield(x) + x;
    }

    @Coroutine
    public long many(int a, long b, String c) {
        return Coroutines.<Long>yield(c) + a + b;
    }

    /** Another class: a static call of its method goes through the bridge, armed. */
    public static final class Other {
        @Coroutine
        public static long helper(int a, long b) {
            return Coroutines.<Long>yield(a) + b;
        }
    }

    /** A static coroutine method that {@link Derived} inherits. */
    public static class Base {
        @Coroutine
        public static long inherited(long x) {
            return Coroutines.<Long>yield(x) + x;
        }
    }

    /** Calls of {@code Derived.inherited} select {@code Base.inherited}. */
    public static class Derived extends Base {
    }

    @Coroutine
    public static long calls(ArmedReceiver other) {
        return other.wide(1L) + other.many(2, 3L, "c") + Other.helper(4, 5L) + Derived.inherited(6L);
    }
}
