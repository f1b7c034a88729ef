package dev.coflow;

/** Where a coroutine is in its life, as seen by the caller (Python's {@code inspect.getgeneratorstate}). */
public enum CoroutineState {
    /** Created, nothing of the body has run yet. */
    CREATED,
    /** Its body is running on some thread right now. */
    RUNNING,
    /** Stopped at a {@code Coroutines.yield}, waiting for {@code next}, {@code send}, {@code throwIn} or {@code close}. */
    SUSPENDED,
    /** Finished: returned, failed with an exception, or closed. */
    CLOSED
}
