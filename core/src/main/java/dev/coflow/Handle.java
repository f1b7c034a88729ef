package dev.coflow;

import dev.coflow.runtime.Context;
import dev.coflow.runtime.RewrittenBody;
import dev.coflow.runtime.Suspension;
import dev.coflow.runtime.Frame;
import dev.coflow.runtime.Frames;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one implementation of {@link CoroutineHandle} (and, as {@link GeneratorHandle}, of {@link Generator}):
 * not API. It extends the runtime's {@link Context}, which rewritten code calls, so that a coroutine is
 * one object (32 bytes with compressed references) as before; users see only the interfaces, which are sealed.
 *
 * @param <S> the type of values sent in
 * @param <Y> the type of values yielded out
 */
sealed class Handle<S, Y> extends Context implements CoroutineHandle<S, Y> permits GeneratorHandle {
    static final byte CREATED = 0;
    static final byte RUNNING = 1;
    static final byte SUSPENDED = 2;
    static final byte CLOSED = 3;
    /** Suspended, and an iterator's {@code hasNext()} already ran it to its next yield and holds the value. */
    static final byte BUFFERED = 4;
    /** The low bits of {@link #state} are one of the above; CLOSED may carry these flags. */
    static final byte PHASE = 7;
    /** CLOSED after the body returned normally ({@link #aux} is its value). */
    private static final byte RETURNED = 8;
    /** CLOSED by a step that has not handed the return value to a {@link StopIteration} yet. */
    private static final byte STOP_PENDING = 16;
    /**
     * SUSPENDED or BUFFERED inside {@code Coroutines.yieldFrom}: the top frame is a delegation frame
     * (see {@link Delegation}); a resume goes to the innermost delegate, not to this coroutine's frames.
     */
    static final byte DELEGATING = 32;
    /**
     * SUSPENDED, and another coroutine is suspended in {@code Coroutines.yieldFrom} of this one:
     * {@link #aux} is that delegator (see {@link Delegation}).
     */
    static final byte DELEGATED = 64;
    /**
     * CREATED by the {@code Supplier} overload: the start calls {@code get}, else {@code run}. Remembered here, not
     * asked of the body's class at the start: the body may implement both (the overload the caller chose decides), and
     * on JDK 17 a failed {@code instanceof} of an interface searches the class's interfaces every time
     * ({@code HandleBodyTest}, {@code LifecycleBenchmark}).
     */
    private static final byte SUPPLIER_BODY = (byte) 0x80;
    /** {@link #state} without {@link #SUPPLIER_BODY}: CREATED alone means "not started". */
    private static final int UNFLAGGED = 0x7f;

    /** Returned by {@link #step} when the coroutine finished instead of yielding. */
    static final Object FINISHED = new Object();

    /**
     * CREATED, RUNNING, SUSPENDED, CLOSED or BUFFERED. A plain field, not an atomic one: a handle is
     * used by one thread at a time (see the class comment), and a compare-and-set on every switch
     * cost more than the rest of the switch together.
     */
    byte state;
    /**
     * One field for what is only needed in one state each, to keep a suspended coroutine small: the
     * body while CREATED, the value that {@link #fetch()} ran ahead to while BUFFERED, the body's
     * return value once CLOSED after returning, the coroutine delegating to this one while DELEGATED.
     */
    Object aux;

    Handle(Runnable body) {
        this.aux = body;
    }

    Handle(Supplier<?> body) {
        this.aux = body;
        this.state = CREATED | SUPPLIER_BODY;
    }

    // ---------------------------------------------------------------- the protocol

    /**
     * Resumes the coroutine with {@code null} and returns the next value it yields, as Python's
     * {@code next(g)}. The first call starts the body.
     *
     * @throws StopIteration when the body returns instead of yielding; {@link StopIteration#value()} is its return value
     */
    @Override
    public final Y next() {
        return send(null);
    }

    /**
     * Resumes the coroutine: {@code value} becomes the result of the {@code Coroutines.yield} it is
     * suspended at, and the next value it yields is returned. A coroutine that has not started yet
     * accepts only {@code null} (use {@link #next()}); anything else is refused and leaves it usable.
     *
     * @throws StopIteration when the body returns instead of yielding
     */
    @SuppressWarnings("unchecked")
    @Override
    public final Y send(S value) {
        Object y = state == SUSPENDED ? resume(value, null) : step(value, null);
        if (y == FINISHED) {
            throw stop();
        }
        return (Y) y;
    }

    /**
     * Raises {@code exception} inside the coroutine, at the {@code Coroutines.yield} it is suspended at,
     * within its own try/catch/finally blocks (Python's {@code g.throw}). If the body catches it and
     * yields, that value is returned; if the body does not catch it, it propagates out of this call
     * and the coroutine is closed. On a coroutine that has not started, or has finished, the
     * exception is thrown straight back and the coroutine is closed.
     *
     * @throws StopIteration when the body catches the exception and returns
     */
    @Override
    public final Y throwIn(Throwable exception) {
        if (exception == null) {
            throw new NullPointerException("throwIn(null): pass the exception to raise inside the coroutine");
        }
        return unwrap(step(null, exception));
    }

    /**
     * Finishes the coroutine: raises {@link GeneratorExit} at the suspension point so that its
     * {@code finally} blocks run (Python's {@code g.close()}). Closing a coroutine that has not
     * started or has finished does nothing. If the body catches the exit and yields again, the
     * coroutine stays suspended and this method throws {@link IllegalStateException}; any other
     * exception from the body propagates.
     */
    @Override
    public final void close() {
        int s = state & PHASE;
        if (s == CLOSED) {
            return;
        }
        if (s == BUFFERED) {
            discardBuffered();
            s = SUSPENDED;
        }
        if (s == CREATED) {
            if (moveFromCreated(CLOSED)) {
                aux = null;
                return;
            }
            s = state & PHASE;
            if (s == CLOSED) {
                return;
            }
        }
        if (s == RUNNING) {
            throw alreadyRunning();
        }
        Object yielded;
        try {
            yielded = step(null, new GeneratorExit());
        } catch (GeneratorExit expected) {
            return;
        }
        if (yielded == FINISHED) {
            return;
        }
        throw ignoredExit(yielded);
    }

    /** What {@link #close()} throws when the body caught the {@link GeneratorExit} and yielded {@code yielded}. */
    final IllegalStateException ignoredExit(Object yielded) {
        return new IllegalStateException("coroutine ignored GeneratorExit: close() raised it at the yield, but the body"
                + " caught it and yielded " + describeValue(yielded) + (hasFrames() ? " at " + describeFrames().get(0) : "")
                + ". Fix: after catching GeneratorExit, return or rethrow it instead of yielding.");
    }

    /** Where this coroutine is in its life. */
    @Override
    public final CoroutineState state() {
        switch (state & PHASE) {
            case CREATED: return CoroutineState.CREATED;
            case RUNNING: return CoroutineState.RUNNING;
            case SUSPENDED:
            case BUFFERED:
                return CoroutineState.SUSPENDED;
            default: return CoroutineState.CLOSED;
        }
    }

    /** Whether the coroutine is closed: returned, failed or was closed. */
    @Override
    public final boolean isDone() {
        return (state & PHASE) == CLOSED;
    }

    /** Whether the body returned normally (then {@link #result()} is its value). */
    @Override
    public final boolean hasResult() {
        return (state & RETURNED) != 0;
    }

    /**
     * The value the body returned ({@code null} for a {@code void} body).
     *
     * @throws IllegalStateException if the body has not returned (still running, suspended, failed or closed early)
     */
    @SuppressWarnings("unchecked")
    @Override
    public final <R> R result() {
        if (!hasResult()) {
            throw new IllegalStateException("coroutine has no result: it is " + state()
                    + (isDone() ? " without having returned (it failed or was closed)" : ""));
        }
        return (R) aux;
    }

    /**
     * The suspended frames, innermost first, as {@code owner#name descriptor (File:line)}: where each
     * method of the chain stopped. Empty unless suspended.
     */
    @Override
    public final List<String> where() {
        // While the body runs, the callers of the resumed frame are still saved and would show as a stale chain.
        int s = state & PHASE;
        return s == SUSPENDED || s == BUFFERED ? describeFrames() : List.of();
    }

    @Override
    public String toString() {
        CoroutineState s = state();
        List<String> frames = s == CoroutineState.SUSPENDED ? describeFrames() : List.of();
        return "coroutine[" + s + (frames.isEmpty() ? "" : " at " + frames.get(0)) + "]";
    }

    @Override
    protected String describe() {
        return toString();
    }

    // ---------------------------------------------------------------- the engine

    /**
     * Runs the coroutine to its next yield and keeps the value for {@link #takeBuffered()}, unless a
     * value is kept already; {@code false} when it finished instead. Generators' iterators use it, so
     * that {@code hasNext()} and the handle's own {@code next()} hand out every value once, in order.
     */
    final boolean fetch() {
        if (isBuffered()) {
            return true;
        }
        Object y = step(null, null);
        if (y == FINISHED) {
            takeStopValue();
            return false;
        }
        byte s = state;
        if ((s & PHASE) != SUSPENDED) {
            throw alreadyRunning();
        }
        // the value takes aux: a delegator link (DELEGATED) is dropped, and found again from the
        // delegator's own frame when it resumes (see Delegation)
        aux = y;
        state = (byte) (s & DELEGATING | BUFFERED);
        return true;
    }

    /** Whether {@link #fetch()} ran ahead to a value that is kept (BUFFERED). */
    final boolean isBuffered() {
        return (state & PHASE) == BUFFERED;
    }

    /** Drops the value {@link #fetch()} kept: close() does not hand it out. */
    final void discardBuffered() {
        aux = null;
        state = (byte) (state & ~PHASE | SUSPENDED);
    }

    /** The value {@link #fetch()} kept; the coroutine is plainly suspended again. */
    final Object takeBuffered() {
        Object y = aux;
        aux = null;
        if (isBuffered()) {
            state = (byte) (state & ~PHASE | SUSPENDED);
        }
        return y;
    }

    /**
     * The value of the stop that the last {@link #step} reported as {@link #FINISHED}, cleared as it is
     * taken: the body's return value when that step finished it, {@code null} when the coroutine had
     * already finished before (Python: a second {@code next} on an exhausted generator stops with
     * {@code None}).
     */
    final Object takeStopValue() {
        if ((state & STOP_PENDING) == 0) {
            return null;
        }
        state &= ~STOP_PENDING;
        return (state & RETURNED) != 0 ? aux : null;
    }

    @SuppressWarnings("unchecked")
    private Y unwrap(Object stepResult) {
        if (stepResult == FINISHED) {
            throw stop();
        }
        return (Y) stepResult;
    }

    private StopIteration stop() {
        return new StopIteration(takeStopValue());
    }

    /**
     * One resumption: returns the yielded value, or {@link #FINISHED} (with {@link #stopValue} set)
     * when the coroutine finished. Exceptions from the body propagate as they are.
     */
    final Object step(Object value, Throwable thrown) {
        if (state == SUSPENDED) {
            return resume(value, thrown);
        }
        if ((state & PHASE) == SUSPENDED) {
            return Delegation.drive(this, value, thrown); // it delegates, or is delegated to
        }
        Object y = advance(value, thrown);
        return y == Delegation.MARK ? Delegation.begin(this) : y;
    }

    /**
     * {@link #step} of one coroutine alone, whatever it delegates to or is delegated by: returns the
     * yielded value, {@link #FINISHED}, or {@link Delegation#MARK} when its body suspended in
     * {@code Coroutines.yieldFrom}. {@link Delegation}'s trampoline calls it for each coroutine of a
     * delegation in turn, and restores the delegation flags itself.
     */
    final Object advance(Object value, Throwable thrown) {
        int s = state & PHASE;
        switch (s) {
            case CREATED:
                if (thrown != null) {
                    if (moveFromCreated(CLOSED)) {
                        aux = null;
                        throw sneakyThrow(thrown);
                    }
                    return advance(value, thrown);
                }
                if (value != null) {
                    throw new IllegalArgumentException("can't send a non-null value (" + describeValue(value)
                            + ") to a coroutine that has not started: nothing is waiting for it."
                            + " Fix: start it with next() (or create it with Coroutines.start), then send.");
                }
                if ((state & UNFLAGGED) == CREATED) {
                    return start();
                }
                return advance(value, thrown);
            case CLOSED:
                if (thrown != null) {
                    throw sneakyThrow(thrown);
                }
                state &= ~STOP_PENDING;
                return FINISHED;
            case SUSPENDED:
                return resumeFrames(value, thrown);
            case BUFFERED:
                if (value == null && thrown == null) {
                    return takeBuffered();
                }
                throw new IllegalStateException("an iterator's hasNext() already ran this generator to its next yield and holds"
                        + " the value " + describeValue(aux) + ". Fix: take it with next() (or the iterator's next())"
                        + " before calling send or throwIn.");
            default:
                throw alreadyRunning();
        }
    }

    /**
     * Resumes this SUSPENDED coroutine: the hot path of every switch. The state becomes RUNNING only
     * here, inside the frame that handles failures, and a failure's first act is a plain store of
     * CLOSED: a {@code StackOverflowError} raised anywhere in this bookkeeping (the caller's stack
     * may be nearly full) leaves the coroutine SUSPENDED and untouched, or CLOSED — never RUNNING.
     */
    private Object resume(Object value, Throwable thrown) {
        Object y = resumeFrames(value, thrown);
        return y != Delegation.MARK ? y : Delegation.begin(this);
    }

    /** {@link #resume} of this coroutine's own frames: {@link Delegation#MARK} when they suspended in {@code yieldFrom}. */
    private Object resumeFrames(Object value, Throwable thrown) {
        state = RUNNING;
        Context previous = null;
        boolean entered = false;
        try {
            previous = enter();
            entered = true;
            if (runFrames(value, thrown)) {
                Object y = takeYielded();
                state = SUSPENDED;
                return y;
            }
            return finished(takeRootResult());
        } catch (Throwable t) {
            if (!entered) {
                state = SUSPENDED;  // nothing of the coroutine ran: it stays as it was
                throw sneakyThrow(t);
            }
            state = CLOSED;
            throw failed(t, false);
        } finally {
            if (entered) {
                leave(previous);
            } else {
                abandonEnter();
            }
        }
    }

    private Object finished(Object bodyResult) {
        aux = bodyResult;
        finish();
        state = CLOSED | RETURNED | STOP_PENDING;
        return FINISHED;
    }

    private RuntimeException failed(Throwable t, boolean rewrittenLambda) {
        tidyTrace(t, rewrittenLambda);
        finish();
        if (t instanceof StopIteration) {
            throw new IllegalStateException("coroutine body raised StopIteration (PEP 479): a StopIteration from a"
                    + " finished coroutine escaped the body instead of being handled", t);
        }
        throw sneakyThrow(t);
    }

    /** The first step: calls the body, which runs to its first yield or to its end. */
    private Object start() {
        byte before = state;
        state = RUNNING;
        Context previous = null;
        boolean entered = false;
        boolean marked = false;
        try {
            previous = enter();
            entered = true;
            Object bodyResult = null;
            Object b = aux;
            aux = null;
            // a rewritten body's entry takes the key of the interface call it is reached by (Suspension.enter);
            // any other body gets a key only a frame the handle called directly accepts (RewrittenBody)
            marked = b instanceof RewrittenBody;
            if ((before & SUPPLIER_BODY) != 0) {
                armRoot(marked ? Suspension.ROOT_SUPPLIER : Suspension.unmarkedRootKey(b));
                bodyResult = ((Supplier<?>) b).get();
            } else {
                armRoot(marked ? Suspension.ROOT_RUNNABLE : Suspension.unmarkedRootKey(b));
                ((Runnable) b).run();
            }
            if (isSuspending()) {
                Object y = takeYielded();
                state = SUSPENDED;
                return y;
            }
            aux = bodyResult;
            finish();
            state = CLOSED | RETURNED | STOP_PENDING;
            return FINISHED;
        } catch (Throwable t) {
            if (!entered) {
                state = before;  // nothing of the coroutine ran: it stays as it was
                throw sneakyThrow(t);
            }
            state = CLOSED;
            throw failed(t, marked);
        } finally {
            if (entered) {
                leave(previous);
            } else {
                abandonEnter();
            }
        }
    }

    /** Moves the state from CREATED (either overload) to {@code to}; {@code false} (and no change) when it is not CREATED. */
    private boolean moveFromCreated(byte to) {
        if ((state & UNFLAGGED) != CREATED) {
            return false;
        }
        state = to;
        return true;
    }

    /** The top frame of a coroutine that delegates: its delegation frame (see {@link Delegation}). */
    final Frames.R2P0 delegationFrame() {
        return (Frames.R2P0) topFrame();
    }

    /** The innermost suspended frame, or {@code null}. */
    final Frame innermostFrame() {
        return topFrame();
    }

    /** The delegation trampoline failed while this coroutine was its root: it is over. */
    final void abandon() {
        finish();
    }

    private void finish() {
        dropFrames();
        state = CLOSED;
    }

    final IllegalStateException alreadyRunning() {
        Thread t = lastThread();
        String where = isCurrent() ? " (resumed from inside itself)"
                : t != null && t != Thread.currentThread() ? " on thread " + t.getName() : " (resumed from inside itself)";
        boolean itself = !where.startsWith(" on thread");
        return new IllegalStateException("coroutine already running" + where
                + ": it cannot be resumed until it yields. Fix: " + (itself
                ? "a coroutine must not resume itself (next, send, throwIn or close on its own handle from its body);"
                        + " yield the value to its caller instead, and let the caller resume it."
                : "resume it from one thread at a time: hand it to another thread only while it is suspended (after"
                        + " next or send returned), or guard every next/send on it with one lock."));
    }

    static String describeValue(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return value instanceof String ? '"' + text + '"' : text;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
