package dev.coflow.loop;

/**
 * Raised inside a task, at the loop operation it is suspended in, when the task is cancelled or a
 * timeout around the running block expires (asyncio's {@code CancelledError}). It unwinds the task's
 * {@code finally} and try-with-resources blocks. It extends {@link Error}, like coflow's
 * {@code GeneratorExit}, so that a {@code catch (Exception e)} does not swallow it by accident.
 *
 * <p>Catch it only to clean up, then rethrow it: a task that catches it and returns normally has
 * swallowed its cancellation, and the loop reports that ({@link EventLoop#swallowedCancellations()}).
 *
 * <pre>{@code
 * try { conn.write(buffer); } catch (CancelledError e) { log("cancelled while writing"); throw e; }
 * }</pre>
 */
public final class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** The scope that was cancelled; the timeout or group owning it catches this error, nobody else. */
    final transient CancelScope scope;

    CancelledError(CancelScope scope) {
        super(scope.reason(), null, false, false);
        this.scope = scope;
    }
}
