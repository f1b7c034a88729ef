package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * A constructor that calls a coroutine method: fixed with a factory method that suspends, then
 * constructs.
 */
public final class ForeignConstructor {
    private ForeignConstructor() {
    }

    @Coroutine
    static int ask(String what) {
        return Coroutines.<Integer>yield(what);
    }

    public static final class Broken {
        final int width;

        Broken() {
            width = ask("width");
        }

        @Coroutine
        public static Object body() {
            return new Broken().width;
        }
    }

    public static final class Fixed {
        final int width;

        Fixed(int width) {
            this.width = width;
        }

        @Coroutine
        static Fixed create() {
            return new Fixed(ask("width"));
        }

        @Coroutine
        public static Object body() {
            return create().width;
        }
    }
}
