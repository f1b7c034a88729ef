package dev.coflow.loop;

import java.time.Duration;

/**
 * Thrown by {@link Async#failAfter} when its block did not finish before the deadline (Trio's
 * {@code TooSlowError}, asyncio's {@code TimeoutError}). The block was cancelled first, so its
 * {@code finally} blocks have run.
 */
public final class LoopTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoopTimeoutException(Duration timeout, CancelledError cause) {
        super("block did not finish within " + timeout + "; it was cancelled at its suspension point", cause);
    }
}
