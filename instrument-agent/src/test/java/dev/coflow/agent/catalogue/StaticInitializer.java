package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** STATIC_INITIALIZER: a table whose initialiser reports each row it fills. */
public final class StaticInitializer {
    private StaticInitializer() {
    }

    public static final class Broken {
        static final int[] TABLE = new int[3];

        static {
            for (int i = 0; i < TABLE.length; i++) {
                TABLE[i] = i * i;
                Coroutines.yield(TABLE[i]);
            }
        }

        @Coroutine
        public static Object body() {
            return TABLE.length;
        }
    }

    /** Fix applied: the suspending code is a @Coroutine method called after the class is initialised. */
    public static final class Fixed {
        static final int[] TABLE = new int[3];

        @Coroutine
        static void fill() {
            for (int i = 0; i < TABLE.length; i++) {
                TABLE[i] = i * i;
                Coroutines.yield(TABLE[i]);
            }
        }

        @Coroutine
        public static Object body() {
            fill();
            return TABLE.length;
        }
    }
}
