package dev.coflow.loop;

/**
 * What a waiting task waits for: one registration (a timer, a place in a queue's line, interest in a
 * socket, a callback on a future). The loop calls {@link #abort()} when the wait ends another way,
 * by cancellation, so that nothing is left registered.
 */
abstract class Wait {
    /** Takes the registration back; the task is about to be woken with a {@link CancelledError}. */
    abstract void abort();

    /** What the task waits for, for {@link EventLoop#dump()}: "sleep until 1.500 s", "join task 3". */
    abstract String describe();
}
