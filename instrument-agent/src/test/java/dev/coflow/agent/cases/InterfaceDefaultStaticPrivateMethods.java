package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 38: {@code default}, {@code static} and {@code private} {@code @Coroutine} methods of an
 * interface, and {@code Iface.super.m()} from an implementing class that overrides the default. The
 * rewritten calls must keep {@code InterfaceMethodref} and their opcode ({@code invokeinterface},
 * {@code invokestatic} with the interface flag, {@code invokespecial} for the private and super calls),
 * and the body and resume adapter added to the interface must be legal there.
 */
public final class InterfaceDefaultStaticPrivateMethods {
    public static final List<Object> EXPECTED = List.of(
            "static 1", "private 2", "default 3",
            "override before", "static 1", "private 2", "default 3", "override after 12");

    /** An interface whose suspending code lives in its own default, static and private methods. */
    public interface Counter {
        @Coroutine
        static int fromStatic() {
            Coroutines.yield("static 1");
            return 1;
        }

        @Coroutine
        private int fromPrivate(int so) {
            Coroutines.yield("private 2");
            return so + 2;
        }

        @Coroutine
        default int count() {
            int so = fromStatic();
            so = fromPrivate(so);
            Coroutines.yield("default 3");
            return so + 3;
        }
    }

    /** Keeps the default. */
    static final class Plain implements Counter {
    }

    /** Overrides the default and calls it with {@code Counter.super.count()}. */
    static final class Wrapping implements Counter {
        @Override
        @Coroutine
        public int count() {
            Coroutines.yield("override before");
            int inner = Counter.super.count();
            Coroutines.yield("override after " + (inner * 2));
            return inner;
        }
    }

    @Coroutine
    public static void body() {
        Counter plain = new Plain();
        int first = plain.count();
        Counter wrapping = new Wrapping();
        int second = wrapping.count();
        if (first != 6 || second != 6) {
            throw new AssertionError(first + " " + second);
        }
    }
}
