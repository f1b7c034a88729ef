package dev.coflow.agent.locks;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.concurrent.locks.ReentrantLock;

/** Catalogue 33: locks held by frames of a coroutine across a yield ({@code LocksAcrossYieldTest}). */
public final class Locks {
    public static final ReentrantLock LOCK = new ReentrantLock();
    public static final Object MONITOR = new Object();

    private Locks() {
    }

    /** Takes {@link #LOCK}, yields holding it, and releases it in {@code finally} after the resume. */
    @Coroutine
    public static String holdAcross() {
        LOCK.lock();
        try {
            Coroutines.yield("locked " + LOCK.isHeldByCurrentThread());
            return "still held " + LOCK.isHeldByCurrentThread();
        } finally {
            LOCK.unlock();
        }
    }

    /** A plain method (not annotated, so not rewritten) that holds {@link #MONITOR} around a call of a coroutine method. */
    public static String plainHolder() {
        synchronized (MONITOR) {
            return inner();
        }
    }

    /** The same as a plain {@code synchronized} method: it holds the class's monitor around the call. */
    public static synchronized String plainSynchronizedMethod() {
        return inner();
    }

    @Coroutine
    public static String throughPlainSynchronizedMethod() {
        return plainSynchronizedMethod();
    }

    @Coroutine
    static String inner() {
        Coroutines.yield("inner");
        return "done";
    }

    @Coroutine
    public static String throughPlainSynchronized() {
        return plainHolder();
    }

    /** The same chain with no monitor in the plain frame. */
    public static final class Unlocked {
        private Unlocked() {
        }

        public static String plain() {
            return inner();
        }

        @Coroutine
        public static String root() {
            return plain();
        }
    }
}
