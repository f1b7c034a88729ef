package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** CONSTRUCTOR: a counter that yields its values while it is being constructed. */
public final class Constructor {
    private Constructor() {
    }

    public static final class Broken {
        final int n;

        Broken(int n) {
            this.n = n;
            for (int i = 0; i < n; i++) {
                Coroutines.yield(i);
            }
        }

        @Coroutine
        public static Object body() {
            return new Broken(3).n;
        }
    }

    /** Fix applied: the constructor is plain; the suspending code is a @Coroutine method called after construction. */
    public static final class Fixed {
        final int n;

        Fixed(int n) {
            this.n = n;
        }

        @Coroutine
        int count() {
            for (int i = 0; i < n; i++) {
                Coroutines.yield(i);
            }
            return n;
        }

        @Coroutine
        public static Object body() {
            return new Fixed(3).count();
        }
    }
}
