package dev.coflow.loop;

import dev.coflow.Coroutine;

/**
 * Coroutine code run for its effects, the block of {@link Async#moveOnAfter}. Its {@code run} is a
 * coroutine method, so a lambda implementing it may suspend at the loop's operations.
 *
 * <pre>{@code
 * boolean finished = Async.moveOnAfter(Duration.ofSeconds(5), () -> conn.write(reply));
 * }</pre>
 */
@FunctionalInterface
public interface Block {
    /** Runs the block; called on the loop's thread, inside the calling task. */
    @Coroutine
    void run();
}
