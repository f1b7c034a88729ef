package dev.coflow.loop;

/**
 * The time of an {@link EventLoop}: a monotonic count of nanoseconds. The default is
 * {@link #system()}; tests use a {@link VirtualClock}, which the loop moves forward itself, straight
 * to the next timer, whenever every task waits.
 */
public interface LoopClock {
    /** The current time in nanoseconds; only differences between two readings mean anything. */
    long nanos();

    /** Whether the loop moves this clock itself (a {@link VirtualClock}) instead of waiting for it. */
    default boolean isVirtual() {
        return false;
    }

    /** {@link System#nanoTime()}: monotonic, not the wall clock. */
    static LoopClock system() {
        return System::nanoTime;
    }
}
