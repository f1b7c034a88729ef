package dev.coflow;

import dev.coflow.runtime.Suspension;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * Static entry points: suspend with {@link #yield(Object)}, delegate with {@link #yieldFrom} and
 * {@link #yieldAll}, and
 * make coroutines with {@link #create}, {@link #start} and {@link #generate}.
 *
 * <p>Always call {@code yield} qualified, as {@code Coroutines.yield(v)}: since Java 14 javac
 * rejects an unqualified call to a method named {@code yield}.
 */
public final class Coroutines {
    private Coroutines() {
    }

    /** The keys rewritten code arms before calling {@link #yieldFrom} and {@link #yieldAll} ({@code Suspension.arm}). */
    private static final long YIELD_FROM_KEY = dev.coflow.runtime.BytecodeContract.key(dev.coflow.runtime.BytecodeContract.staticCall(
            "dev/coflow/Coroutines", "yieldFrom(Ldev/coflow/CoroutineHandle;)Ljava/lang/Object;"));
    private static final long YIELD_ALL_KEY = dev.coflow.runtime.BytecodeContract.key(dev.coflow.runtime.BytecodeContract.staticCall(
            "dev/coflow/Coroutines", "yieldAll(Ljava/lang/Iterable;)V"));

    /**
     * Suspends the coroutine, handing {@code value} to whoever resumed it, and evaluates to the value
     * sent in when it is resumed (Python's {@code x = yield value}).
     *
     * <p>A consumer that counts matching lines keeps its count in a plain local variable, because
     * the whole method is suspended and resumed around this call:
     * <pre>{@code
     * @Coroutine static void count(String pattern) {
     *     int n = 0;
     *     while (true) {
     *         String line = Coroutines.yield(n);   // hands out the count so far, waits for a line
     *         if (line.contains(pattern)) n++;
     *     }
     * }
     * }</pre>
     * Without the agent (or in a method that is not {@link Coroutine @Coroutine}) nothing can be
     * suspended, and this method throws {@link NotRewrittenException} saying how to fix it. If
     * {@link CoroutineHandle#throwIn} or {@link CoroutineHandle#close} resumes the coroutine, this
     * call throws that exception instead of returning.
     */
    public static <T> T yield(Object value) {
        throw Suspension.notRewritten("Coroutines.yield(value)");
    }

    /** {@link #yield(Object)} with {@code null}: waits for the next value sent in (Python's bare {@code x = yield}). */
    public static <T> T yield() {
        throw Suspension.notRewritten("Coroutines.yield()");
    }

    /**
     * Delegates to another coroutine until it finishes, and evaluates to its return value (Python's
     * {@code yield from}, PEP 380). Every value it yields passes straight out to this coroutine's
     * caller; values sent in, exceptions thrown in and {@code close()} go to the delegate. A delegate
     * that has not started is started; a finished one returns {@code null} at once. Delegating to a
     * coroutine that is running, or whose own delegation leads back to one that is (a cycle), fails
     * here with "already running".
     *
     * <p>Delegation is flat: a send reaches the innermost delegate directly, at a cost that does not
     * depend on how many coroutines delegate to it, and chains of any depth start, run and finish
     * without nesting Java frames (see {@code docs/delegation.md}).
     *
     * <pre>{@code
     * @Coroutine static int sum() { int s = 0; Integer x; while ((x = Coroutines.yield()) != null) s += x; return s; }
     * @Coroutine static void report() { int total = Coroutines.yieldFrom(Coroutines.create(() -> sum())); ... }
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <R> R yieldFrom(CoroutineHandle<?, ?> delegate) {
        if (delegate == null) {
            throw new NullPointerException("yieldFrom(null): pass the coroutine to delegate to");
        }
        // Refuse before anything runs: a delegation that cannot suspend must not consume the delegate's first value.
        Suspension.requireArmed(YIELD_FROM_KEY);
        Handle<?, ?> d = (Handle<?, ?>) delegate; // the interface is sealed: every handle is one
        if (d.isDone()) {
            d.step(null, null); // drops a stop not taken yet: a finished delegate stops with null, as in Python
            return null;
        }
        Delegation.refuseRunning(d);
        // Suspend without running the delegate: the trampoline that resumed this coroutine starts it
        // (Delegation), so a chain of delegations never nests Java frames.
        Suspension.suspendDelegating(Delegation.MARK, d);
        return null;
    }

    /**
     * Yields every element of {@code values} in turn, one per resumption (Python's {@code yield from}
     * over an iterable that is not a generator, such as a list or a range). Like Python's, it has
     * nowhere to put a value sent in: {@code send} of anything but {@code null} raises
     * {@link UnsupportedOperationException} here, at this call, and ends the iteration (resume it with
     * {@code next()}, or delegate to a coroutine with {@link #yieldFrom}, to receive values). An
     * exception thrown in is raised here too, and {@code close()} raises {@link GeneratorExit} here.
     *
     * <pre>{@code
     * @Coroutine static void lettersThenDigits() {
     *     Coroutines.yieldAll(List.of("a", "b"));
     *     Coroutines.yieldAll(List.of(1, 2));
     * }
     * }</pre>
     */
    public static void yieldAll(Iterable<?> values) {
        if (values == null) {
            throw new NullPointerException("yieldAll(null): pass the values to yield");
        }
        Suspension.requireArmed(YIELD_ALL_KEY);
        Iterator<?> iterator = values.iterator();
        if (iterator.hasNext()) {
            Suspension.suspendIterating(iterator);
        }
    }

    /** A coroutine that will run {@code body}; nothing of it runs until the first {@code next()}. */
    public static <S, Y> CoroutineHandle<S, Y> create(Runnable body) {
        return new Handle<>(nonNull(body));
    }

    /** A coroutine that will run {@code body} and finish with its value; nothing runs until the first {@code next()}. */
    public static <S, Y> CoroutineHandle<S, Y> create(Supplier<?> body) {
        return new Handle<>(nonNull(body));
    }

    /**
     * A coroutine already run to its first yield, ready for {@code send} (Beazley's {@code @coroutine}
     * priming decorator). If the body finishes without yielding, the handle is returned closed.
     */
    public static <S, Y> CoroutineHandle<S, Y> start(Runnable body) {
        return prime(new Handle<>(nonNull(body)));
    }

    /** As {@link #start(Runnable)}, for a body that returns a value. */
    public static <S, Y> CoroutineHandle<S, Y> start(Supplier<?> body) {
        return prime(new Handle<>(nonNull(body)));
    }

    /** A lazy sequence of the values {@code body} yields. Nothing runs until the first element is asked for. */
    public static <Y> Generator<Y> generate(Runnable body) {
        return new GeneratorHandle<>(nonNull(body));
    }

    /** As {@link #generate(Runnable)}, for a body that returns a value (available from {@code result()}). */
    public static <Y> Generator<Y> generate(Supplier<?> body) {
        return new GeneratorHandle<>(nonNull(body));
    }

    private static <S, Y> CoroutineHandle<S, Y> prime(Handle<S, Y> handle) {
        handle.step(null, null);
        return handle;
    }

    private static <T> T nonNull(T body) {
        if (body == null) {
            throw new NullPointerException("the coroutine body is null");
        }
        return body;
    }
}
