package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.concurrent.locks.ReentrantLock;

/** SYNCHRONIZED_METHOD: a shared counter whose coroutine method hands out tickets. */
public final class SynchronizedMethod {
    private SynchronizedMethod() {
    }

    public static final class Broken {
        static int next;

        @Coroutine
        static synchronized void tickets(int count) {
            for (int i = 0; i < count; i++) {
                next++;
                Coroutines.yield(next);
            }
        }

        @Coroutine
        public static Object body() {
            next = 0;
            tickets(3);
            return next;
        }
    }

    /** Fix applied: no synchronized; the state is guarded by a lock released before Coroutines.yield. */
    public static final class Fixed {
        static final ReentrantLock LOCK = new ReentrantLock();
        static int next;

        @Coroutine
        static void tickets(int count) {
            for (int i = 0; i < count; i++) {
                int ticket;
                LOCK.lock();
                try {
                    next++;
                    ticket = next;
                } finally {
                    LOCK.unlock();
                }
                Coroutines.yield(ticket);
            }
        }

        @Coroutine
        public static Object body() {
            next = 0;
            tickets(3);
            return next;
        }
    }
}
