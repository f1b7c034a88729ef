/**
 * An asyncio-like event loop for coflow coroutines: many tasks share one thread, and each suspends
 * only at the loop's operations ({@link dev.coflow.loop.Async#sleep}, {@link dev.coflow.loop.Task#join},
 * queue, event, future and socket operations). Timeouts and task groups are structured: a cancelled
 * task receives a {@link dev.coflow.loop.CancelledError} at its suspension point, so its
 * {@code finally} blocks run. See {@code loop/README.md}.
 */
package dev.coflow.loop;
