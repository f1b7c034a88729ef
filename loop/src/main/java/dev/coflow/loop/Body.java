package dev.coflow.loop;

import dev.coflow.Coroutine;

/**
 * Coroutine code that computes a value: the body of a task, or of a timeout or task group. Its
 * {@code run} is a coroutine method, so a lambda implementing it may suspend at the loop's operations.
 *
 * <pre>{@code
 * Task<Integer> t = Async.spawn(() -> { Async.sleep(Duration.ofSeconds(1)); return 42; });
 * }</pre>
 *
 * @param <T> the value computed ({@code Void} and {@code return null} for a body run for its effects)
 */
@FunctionalInterface
public interface Body<T> {
    /** Runs the body; called by the loop, on the loop's thread. */
    @Coroutine
    T run();
}
