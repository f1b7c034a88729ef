package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 41: {@code super.m()} ({@code invokespecial} of an overridden coroutine method), and
 * private, final and static targets. On resume the runtime continues the suspended frame of the
 * super implementation itself; turning the super call into a virtual call would re-enter the
 * override and never end.
 */
public final class SuperPrivateFinalStaticTargets {
    public static final List<Object> EXPECTED = List.of(
            "derived before", "base 1", "derived after 1", "private 2", "final 3", "static 4", "total 10");

    /** The overridden implementation. */
    static class Base {
        @Coroutine
        int step() {
            Coroutines.yield("base 1");
            return 1;
        }
    }

    /** Overrides {@code step} and calls {@code super.step()} in the middle. */
    static class Derived extends Base {
        @Override
        @Coroutine
        int step() {
            Coroutines.yield("derived before");
            int fromSuper = super.step();
            Coroutines.yield("derived after " + fromSuper);
            return fromSuper;
        }

        @Coroutine
        private int hidden() {
            Coroutines.yield("private 2");
            return 2;
        }

        @Coroutine
        final int fixed() {
            Coroutines.yield("final 3");
            return 3;
        }

        @Coroutine
        static int shared() {
            Coroutines.yield("static 4");
            return 4;
        }

        @Coroutine
        int all() {
            return step() + hidden() + fixed() + shared();
        }
    }

    @Coroutine
    public static void body() {
        int total = new Derived().all();
        Coroutines.yield("total " + total);
    }
}
