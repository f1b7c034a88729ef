package dev.coflow;

import java.util.List;

/**
 * A coroutine, as its caller holds it: Python's generator object. Values go in with
 * {@link #send(Object)}, come out as the results of {@code send} and {@link #next()}, exceptions go in
 * with {@link #throwIn(Throwable)}, and {@link #close()} asks the body to finish.
 *
 * <pre>{@code
 * var g = Coroutines.start(() -> grep("python", printer));   // created and run to its first yield
 * g.send("python generators rock!");
 * g.close();                                                  // raises GeneratorExit at the yield
 * }</pre>
 *
 * <p>Everything runs on the calling thread. A handle, like an {@link java.util.Iterator}, is used by
 * one thread at a time: a suspended coroutine may be resumed later from any thread, provided it was
 * handed over the way any object is handed between threads (an executor, a queue, a lock, a
 * volatile field), which also publishes its saved state. Resuming one that is running from inside
 * itself, or from another thread that it was handed to, fails at once with "already running" and
 * changes nothing. Two threads racing to resume the same handle without such a hand-over are a
 * data race that is not always detected: the check is a plain read, because an atomic one on every
 * switch cost more than the rest of the switch (see {@code docs/design.md}).
 *
 * <p>Handles are made by {@link Coroutines#create}, {@link Coroutines#start} and {@link Coroutines#generate};
 * the interface is sealed, so every handle is one of those.
 *
 * @param <S> the type of values sent in
 * @param <Y> the type of values yielded out
 */
public sealed interface CoroutineHandle<S, Y> extends AutoCloseable permits Handle, Generator {

    /**
     * Resumes the coroutine with {@code null} and returns the next value it yields, as Python's
     * {@code next(g)}. The first call starts the body.
     *
     * @return the next value the body yields
     * @throws StopIteration when the body returns instead of yielding; {@link StopIteration#value()} is its return value
     */
    Y next();

    /**
     * Resumes the coroutine: {@code value} becomes the result of the {@code Coroutines.yield} it is
     * suspended at, and the next value it yields is returned. A coroutine that has not started yet
     * accepts only {@code null} (use {@link #next()}); anything else is refused and leaves it usable.
     *
     * @param value the result of the suspended {@code Coroutines.yield}
     * @return the next value the body yields
     * @throws StopIteration when the body returns instead of yielding
     */
    Y send(S value);

    /**
     * Raises {@code exception} inside the coroutine, at the {@code Coroutines.yield} it is suspended at,
     * within its own try/catch/finally blocks (Python's {@code g.throw}). If the body catches it and
     * yields, that value is returned; if the body does not catch it, it propagates out of this call
     * and the coroutine is closed. On a coroutine that has not started, or has finished, the
     * exception is thrown straight back and the coroutine is closed.
     *
     * @param exception what to raise at the suspension point
     * @return the value the body yields after catching it
     * @throws StopIteration when the body catches the exception and returns
     */
    Y throwIn(Throwable exception);

    /**
     * Finishes the coroutine: raises {@link GeneratorExit} at the suspension point so that its
     * {@code finally} blocks run (Python's {@code g.close()}). Closing a coroutine that has not
     * started or has finished does nothing. If the body catches the exit and yields again, the
     * coroutine stays suspended and this method throws {@link IllegalStateException}; any other
     * exception from the body propagates.
     */
    @Override
    void close();

    /**
     * Where this coroutine is in its life.
     *
     * @return created, running, suspended or closed
     */
    CoroutineState state();

    /**
     * Whether the coroutine is closed: returned, failed or was closed.
     *
     * @return true once closed
     */
    boolean isDone();

    /**
     * Whether the body returned normally (then {@link #result()} is its value).
     *
     * @return true once the body returned
     */
    boolean hasResult();

    /**
     * The value the body returned ({@code null} for a {@code void} body).
     *
     * @param <R> the type the caller expects
     * @return the body's return value
     * @throws IllegalStateException if the body has not returned (still running, suspended, failed or closed early)
     */
    <R> R result();

    /**
     * The suspended frames, innermost first, as {@code owner#name descriptor (File:line)}: where each
     * method of the chain stopped. Empty unless suspended.
     *
     * @return the suspended frames, innermost first
     */
    List<String> where();
}
