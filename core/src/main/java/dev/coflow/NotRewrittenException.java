package dev.coflow;

/**
 * Thrown when a suspension is asked for in code that the coflow agent did not rewrite: the agent is
 * not attached, the method is not annotated {@link Coroutine}, or a method that was not rewritten
 * (a library method such as {@code List.forEach}, a reflective call) stands between two coroutine
 * frames. The message names the method and says how to fix it.
 */
public class NotRewrittenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given explanation. */
    public NotRewrittenException(String message) {
        super(message);
    }
}
