package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** A coroutine method called through Method.invoke: fixed by calling it directly. */
public final class ForeignReflection {
    private ForeignReflection() {
    }

    public static final class Broken {
        @Coroutine
        public static int step() {
            return Coroutines.<Integer>yield("step") + 1;
        }

        @Coroutine
        public static Object body() throws Exception {
            return Broken.class.getMethod("step").invoke(null);
        }
    }

    public static final class Fixed {
        @Coroutine
        public static int step() {
            return Coroutines.<Integer>yield("step") + 1;
        }

        @Coroutine
        public static Object body() {
            return step();
        }
    }
}
