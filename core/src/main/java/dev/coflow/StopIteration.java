package dev.coflow;

/**
 * Thrown by {@link CoroutineHandle#next()}, {@link CoroutineHandle#send(Object)} and
 * {@link CoroutineHandle#throwIn(Throwable)} when the coroutine finishes instead of yielding, as
 * Python's {@code StopIteration}. {@link #value()} is the body's return value ({@code null} for a
 * {@code void} body), so "finished" can always be told from "yielded null".
 *
 * <p>Like PEP 479, a {@code StopIteration} that escapes a coroutine body does not end the outer
 * coroutine quietly: it is turned into an {@link IllegalStateException} whose cause it is.
 */
public final class StopIteration extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Object value;

    /** A stop carrying the finished coroutine's return value. */
    public StopIteration(Object value) {
        // no message, no cause, no stack trace: a coroutine driven by send ends with one of these, so a program of many
        // short coroutines makes one each; the message is written when it is read (StopIterationTest)
        super(null, null, false, false);
        this.value = value;
    }

    /**
     * {@code coroutine finished}, and {@code and returned} with the value when there is one. The value is not
     * serialized, so a deserialized stop says only that the coroutine finished.
     */
    @Override
    public String getMessage() {
        return "coroutine finished" + (value == null ? "" : " and returned " + describe(value));
    }

    /** The value the coroutine's body returned, or {@code null}. */
    @SuppressWarnings("unchecked")
    public <R> R value() {
        return (R) value;
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
