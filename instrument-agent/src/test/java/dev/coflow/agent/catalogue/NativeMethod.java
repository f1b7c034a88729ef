package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** NATIVE_METHOD: a native method annotated @Coroutine. */
public final class NativeMethod {
    private NativeMethod() {
    }

    public static final class Broken {
        @Coroutine
        static native int step(int x);

        @Coroutine
        public static Object body() {
            Coroutines.yield("start");
            return 0;
        }
    }

    /** Fix applied: no @Coroutine on the native method; a @Coroutine method does the suspending around the call. */
    public static final class Fixed {
        static native int step(int x);

        @Coroutine
        static int stepped(int x) {
            Coroutines.yield("start");
            return x + 1; // where the native step(x) would be called
        }

        @Coroutine
        public static Object body() {
            return stepped(41);
        }
    }
}
