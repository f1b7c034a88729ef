package dev.coflow.runtime;

import java.util.List;

/**
 * Not API. The run-time state of one coroutine that rewritten code reads and writes: the stack of
 * suspended frames, the results handed from a finished frame to its caller, the value being
 * yielded, and the flag that tells rewritten callers to spill and return.
 *
 * <p><b>Resume path (flat resume).</b> Only the innermost suspended frame is called: the trampoline
 * {@link #runFrames} calls its method's resume adapter with the value handed in (an argument, not a
 * field: no store into the heap). When that method returns, its result goes into
 * {@link #valueRef} (a primitive one, as raw bits, into the carrier: {@link #resultLong}) and its
 * caller's frame is resumed with it; when it throws, the caller's frame is resumed with the exception
 * handed in and {@link #mode} THROWING, and the caller rethrows it at its call site inside its own try
 * blocks. When a method suspends it pushes its frame
 * and returns; each rewritten caller sees {@link #suspending}, pushes its own frame and returns too.
 * The cost of a switch therefore does not grow with the depth of a chain that stays put.
 *
 * <p>Here: the entry points of rewritten code ({@code takeX}, the public fields), the push protocol,
 * the carrier mount ({@link #enter()}/{@link #leave}) and the trampoline. Package-private helpers
 * hold the rest, as static methods over this object's fields so that a coroutine stays one object:
 * {@link FramePool} (finished frames kept for reuse), {@link StackTraces} (logical callers in
 * exceptions, the list of suspended frames) and {@link RuntimeFrames} (the frames of
 * {@code yieldAll} and {@code yieldFrom}). The protected members are for {@code dev.coflow.Handle},
 * the one subclass that runs a coroutine; everything else is package-private.
 */
public abstract class Context {
    /** Set while a suspension unwinds; rewritten code spills and returns when it sees it after a call. */
    public boolean suspending;
    /**
     * What the context is in the middle of, in one byte to keep a suspended coroutine small: while a
     * suspension unwinds, how many frames it has pushed — {@link #NONE_PUSHED}, {@link #ONE_PUSHED}
     * (the outermost is {@link #top}), {@link #TWO_PUSHED} (it is {@code top.next}) or
     * {@link #MORE_PUSHED} (it is the carrier's chain bottom). Most suspensions push one frame (a
     * resumed frame suspending again) or two (it called a fresh coroutine method that yields), and
     * then no chain bottom is written anywhere. While a frame is being resumed: {@link #THROWING}
     * when the value handed in is an exception to raise at its suspension point.
     */
    private byte mode;
    private static final byte NONE_PUSHED = 0;
    private static final byte ONE_PUSHED = 1;
    private static final byte TWO_PUSHED = 2;
    private static final byte MORE_PUSHED = 3;
    private static final byte THROWING = 4;
    /**
     * Between {@link #enter()} and {@link #leave}: this coroutine runs on its carrier's thread. The
     * carrier goes on naming the coroutine it last ran after {@code leave}, so that resuming the same
     * coroutine again on the same thread writes nothing there (a reference store with its write
     * barrier on every switch); {@link Suspension#current()} therefore believes the carrier only
     * while this flag is set. Set after a release fence and read before an acquire fence, so that
     * another thread that sees it set also sees which carrier it belongs to. (Fences, not a
     * {@code VarHandle}: the few frames an interpreted {@code VarHandle} call needs could overflow a
     * nearly full stack inside the bookkeeping of a switch.)
     */
    private boolean running;
    /**
     * A finished method's reference result, left by its resume adapter for the trampoline to hand to
     * the caller's frame; after {@link #runFrames} returned {@code false}, the outermost frame's boxed
     * result.
     */
    public Object valueRef;
    /** The innermost suspended frame. */
    Frame top;
    /**
     * The carrier of the thread that last ran this coroutine. What only an unwinding suspension
     * needs (the bottom of the chain pushed so far) lives there, not here: a suspended coroutine
     * should be small.
     */
    Carrier carrier; // package-private: Suspension's entry points read it without a call (see Carrier.forCurrentThread)

    /** Whether this coroutine is the one running on the calling thread right now. */
    protected final boolean isCurrent() {
        Carrier c = Carrier.forCurrentThread();
        return c.current == this && runsOn(c);
    }

    /** Whether this coroutine is running right now on the thread of {@code c}. */
    final boolean runsOn(Carrier c) {
        boolean r = running;
        java.lang.invoke.VarHandle.acquireFence();
        return r && carrier == c;
    }

    /** The context of "no coroutine": a rewritten method that runs outside any coroutine caches this. */
    static final Context NONE = new Context() {
        @Override
        protected String describe() {
            return "no coroutine";
        }
    };

    /**
     * The context a bridge hands to its body when a coroutine is running but the bridge's caller did
     * not arm a call to it ({@link Suspension#enterStatic}): a method that was not rewritten stands between
     * the body and the coroutine's frames, so the body runs as plain code and a suspension in it (or
     * below it) is refused at the yield, before any frame in between could run on. It is never
     * suspending and has no carrier, so arming a call from it arms nothing.
     */
    static final Context FOREIGN = new Context() {
        @Override
        protected String describe() {
            return "a frame called by a method that was not rewritten";
        }
    };

    /** The carrier of the thread running this coroutine ({@code null} for {@link #NONE} and {@link #FOREIGN}). */
    final Carrier carrierOrNull() {
        return carrier;
    }

    /**
     * The coroutine's own body is about to be called through {@code key}'s interface method (the
     * handle calls {@code Supplier.get} or {@code Runnable.run}): arms that call, so the body's
     * bridge accepts it. Called after {@link #enter()}.
     */
    protected final void armRoot(long key) {
        if (carrier.expectClass != null) {
            carrier.expectClass = null;
        }
        carrier.expect = key;
    }

    /**
     * {@code t} ends a step of the coroutine (it leaves the body's fresh call, or a resumed frame): its stack trace
     * loses the frames of glue the agent added, and on the first step the bridge of the body when
     * {@code rewrittenLambda} (the body is a rewritten lambda's), so that it reads as plain Java's
     * ({@link StackTraces#tidy}). Called by the handle's method that ran the step, in its handler.
     */
    protected final void tidyTrace(Throwable t, boolean rewrittenLambda) {
        StackTraces.tidy(t, rewrittenLambda);
    }

    protected Context() {
    }

    /** A short name of this coroutine for messages. */
    protected abstract String describe();

    // ---------------------------------------------------------------- called by rewritten code

    /**
     * Called by a resume adapter whose method returned a primitive: leaves its result, as raw bits
     * ({@code doubleToRawLongBits}, {@code floatToRawIntBits}, an int-like value widened), for the
     * caller's frame ({@link #takeLong} and friends) or, for the outermost frame, the coroutine's result.
     * On the carrier, not here: it lives only from the adapter's return to the caller's resume in the
     * same switch, and a {@code long} field would make every suspended coroutine 8 bytes larger.
     */
    public final void resultLong(long bits) {
        carrier.valueLong = bits;
    }

    /** The raw bits {@link #resultLong} left. */
    final long resultBits() {
        return carrier.valueLong;
    }

    /**
     * The value handed in at a resumed suspension point — {@code in}, the sent value or the callee's
     * reference result — or raises it when it is the exception to raise there.
     */
    public final Object takeRef(Object in) {
        if (mode == THROWING) {
            throw raise(in);
        }
        return in;
    }

    /** The callee's {@code long} result for a resumed call site, or raises {@code in}, the pending exception. */
    public final long takeLong(Object in) {
        if (mode == THROWING) {
            throw raise(in);
        }
        return resultBits();
    }

    /** The callee's {@code int}-like result for a resumed call site, or raises the pending exception. */
    public final int takeInt(Object in) {
        return (int) takeLong(in);
    }

    /** The callee's {@code float} result for a resumed call site, or raises the pending exception. */
    public final float takeFloat(Object in) {
        return Float.intBitsToFloat((int) takeLong(in));
    }

    /** The callee's {@code double} result for a resumed call site, or raises the pending exception. */
    public final double takeDouble(Object in) {
        return Double.longBitsToDouble(takeLong(in));
    }

    /** Nothing to take for a {@code void} call site, but raises the pending exception. */
    public final void takeVoid(Object in) {
        if (mode == THROWING) {
            throw raise(in);
        }
    }

    /**
     * For the runtime's own resumed frames ({@link RuntimeFrames}): the exception to raise at the
     * suspension point, or {@code null} when {@code in} is a value.
     */
    final Throwable takeThrown(Object in) {
        if (mode != THROWING) {
            return null;
        }
        mode = NONE_PUSHED;
        return (Throwable) in;
    }

    private RuntimeException raise(Object exception) {
        mode = NONE_PUSHED;
        throw Context.<RuntimeException>sneaky((Throwable) exception);
    }

    // ---------------------------------------------------------------- frames

    /** Drops every saved frame: the coroutine is over. */
    protected final void dropFrames() {
        top = null;
        valueRef = null;
        mode = NONE_PUSHED;
        suspending = false;
        Carrier c = carrier;
        // only this thread's carrier: a coroutine closed from another thread than the one it last ran on must
        // not touch a suspension unwinding there. (On this thread none unwinds while user code runs; what is
        // left is that of a suspension of this coroutine that failed while unwinding.)
        if (c != null && c.thread == Thread.currentThread()) {
            c.chainBottom = null;
            c.yielded = null;
            if (c.current == this) {
                // the carrier lives as long as its thread: what it names of this coroutine, and the classes of the last
                // call armed and of the last selection found (maybe a plug-in's), are not kept past it
                // (EntryCacheLoaderTest). Not when another coroutine runs here and closes this one: they are its own.
                c.current = null;
                c.expectClass = null;
                c.selectedOn = null;
                c.selectedIn = null;
            }
        }
    }

    /** Whether any frame is suspended. */
    protected final boolean hasFrames() {
        return top != null;
    }

    /** The innermost suspended frame, or {@code null}: for the API's own runtime frames (delegation). */
    protected final Frame topFrame() {
        return top;
    }

    /** Begins a suspension that yields {@code value}: the chain of frames that unwinds next goes on top. */
    final void beginSuspension(Object value) {
        carrier.yielded = value;
        suspending = true;
        mode = NONE_PUSHED;
    }

    /**
     * The outermost frame pushed so far by the current suspension ({@code null} before the first):
     * frames unwind innermost first, and each caller goes below its callee, so the innermost ends on
     * top. The first frame goes on {@link #top}; each next one between the chain's bottom and the
     * frames that were there before the suspension began (the bottom's {@code next}).
     */
    final Frame chainBottom() {
        switch (mode) {
            case ONE_PUSHED: return top;
            case TWO_PUSHED: return top.next;
            case MORE_PUSHED: return carrier.chainBottom;
            default: return null;
        }
    }

    /**
     * A finished frame of {@code shape} kept in place where the unwinding chain's next frame goes (see
     * {@link Carrier#spares}), for a method suspending for the first time; {@code null} when there is none.
     * {@code bottom} is the chain's bottom ({@link #chainBottom()}): the frame goes below it, or on top before the first.
     * It is linked to its caller already, and holds the point and references of its last use: a rebuilt
     * chain that suspends where it did before writes no reference into it. {@code point} is where the method is
     * about to stop ({@code null} when the caller does not say): a spare that last stopped there is that method's
     * frame, so of its shape, and is taken without the class test.
     */
    final Frame takeSpare(int shape, Frame bottom, ResumePoint point) {
        Carrier k = carrier;
        if (k == null || k.spares == 0) {
            return null;
        }
        Frame f = bottom == null ? top : bottom.next; // where the unwinding chain's next frame goes
        if (f.point != point && !Frames.is(f, shape)) {
            return null; // push drops it and the spares below it
        }
        k.spares--;
        return f;
    }

    /**
     * Releases the spares not taken back, which lie from {@code first} down: links the frame below them
     * (the resumed frame they returned to) where the first was. {@code bottom} is the frame above them,
     * or {@code null} when they are on top.
     */
    private void dropSpares(Carrier k, Frame bottom, Frame first) {
        Frame s = first;
        for (int n = k.spares; n > 0; n--) {
            Frame below = s.next;
            FramePool.release(k, s);
            s = below;
        }
        k.spares = 0;
        if (bottom == null) {
            top = s;
        } else {
            bottom.next = s;
        }
    }

    /**
     * Called by the spill of a plain yield (no callee frame expected below it): the common case of
     * {@link Suspension#push} in a few loads, for a frame that suspends again where it already is —
     * resumed and yielding again, or a spare taken back in place on top. Returns {@code false}, having
     * done nothing, when {@code Suspension.push} must run. The spill tests the answer in its own code,
     * so the JIT's profile of that test is the point's own: where a point only ever suspends again in
     * place, the general push is a cold call there and is not compiled into the point's code.
     */
    public final boolean pushInPlace(Frame f) {
        if (mode != NONE_PUSHED || f != top) {
            return false;
        }
        Carrier k = carrier;
        if (k != null && k.spares != 0) {
            return false;
        }
        mode = ONE_PUSHED; // what push does for this case; and Suspension.push's check passes: no callee was pushed
        return true;
    }

    /** Puts the frame of the next-outer method of the unwinding chain below the frames pushed so far. */
    final void push(Frame f) {
        push(f, chainBottom());
    }

    /**
     * {@link #push(Frame)} with {@code bottom}, the chain's bottom ({@link #chainBottom()}), known already: the
     * one place the chain's links are read and written, so a push reads the mode and the bottom once.
     */
    final void push(Frame f, Frame bottom) {
        Frame next = bottom == null ? top : bottom.next;
        if (f != next) { // else f is in place already: the frame being resumed, or the spare takeSpare gave
            Carrier k = carrier;
            if (k != null && k.spares != 0) { // the spares left are not part of this chain
                dropSpares(k, bottom, next);
                next = bottom == null ? top : bottom.next; // f itself when it is the frame they had returned to
            }
            if (f != next) {
                f.next = next;
                if (bottom == null) {
                    top = f;
                } else {
                    bottom.next = f;
                }
            }
        }
        pushedInPlace(f);
    }

    /**
     * The part of {@link #push(Frame, Frame)} left for a frame already linked where the chain's next frame goes (a
     * spare {@link #takeSpare} gave): counts it as pushed, the chain's new bottom.
     */
    final void pushedInPlace(Frame f) {
        switch (mode) {
            case NONE_PUSHED:
                mode = ONE_PUSHED;
                break;
            case ONE_PUSHED:
                mode = TWO_PUSHED;
                break;
            default:
                carrier.chainBottom = f;
                mode = MORE_PUSHED;
        }
    }

    // ---------------------------------------------------------------- the trampoline

    /**
     * Makes this the current coroutine of the calling thread and returns the one it replaces, which
     * the caller must hand back to {@link #leave(Context)}.
     */
    protected final Context enter() {
        Carrier c = carrier;
        if (c == null || c.thread != Thread.currentThread()) {
            c = Carrier.forCurrentThread();
            carrier = c;
        }
        // only this thread writes its carrier's current: read once (the fence below would make the JIT read it again)
        Context current = c.current;
        Context previous = current;
        if (previous == this || previous != null && !previous.runsOn(c)) {
            previous = null; // the carrier names a coroutine that ran here before and left (maybe this one)
        }
        // running before current: an overflow between the two leaves the carrier naming what it named
        if (previous != null && c.spares != 0) {
            previous.dropSpares(c, null, previous.top); // the coroutine that resumes this one kept finished frames on top
        }
        java.lang.invoke.VarHandle.releaseFence();
        running = true;
        if (current != this) {
            c.current = this;
        }
        return previous;
    }

    /** The thread that last ran this coroutine (read racily; for messages), or {@code null}. */
    protected final Thread lastThread() {
        Carrier c = carrier;
        return c == null ? null : c.thread;
    }

    /** After an {@link #enter()} that did not complete (a {@code StackOverflowError} inside it): not running. */
    protected final void abandonEnter() {
        running = false;
    }

    /** Undoes {@link #enter()}; {@code previous} is what it returned, or {@code null} if it did not complete. */
    protected final void leave(Context previous) {
        running = false;
        Carrier k = carrier;
        if (k.spares != 0) {
            k.spares = 0; // spares left by a coroutine that failed while suspending: its frames are dropped
        }
        if (k.yielded != null) {
            k.yielded = null; // the value of a suspension that failed while unwinding
        }
        if (k.expect != 0) {
            k.expect = 0; // a key an exception carried out of the coroutine: Suspension.enter trusts only live keys
        }
        if (previous != null) {
            carrier.current = previous;
        }
    }

    /** Takes the value being yielded out and clears the suspension. */
    protected final Object takeYielded() {
        suspending = false;
        if (mode == MORE_PUSHED) {
            carrier.chainBottom = null;
        }
        Carrier k = carrier;
        Object y = k.yielded;
        k.yielded = null;
        return y;
    }

    /** Whether the body called fresh by {@link #enter()}'s caller left a suspension behind. */
    protected final boolean isSuspending() {
        return suspending;
    }

    /**
     * Resumes the innermost frame with {@code value} (or raises {@code thrown} there) and runs frames
     * until one suspends (returns {@code true}) or the outermost returns (returns {@code false}; its
     * boxed result is then taken with {@link #takeRootResult()}). An exception that escapes the outermost frame
     * is thrown from here.
     */
    protected final boolean runFrames(Object value, Throwable thrown) throws Throwable {
        Object in = value;
        if (thrown != null) {
            in = thrown;
            mode = THROWING;
        }
        // f stays on top while it runs: when it suspends again it is already in place (see push), so
        // a switch of a standing chain writes neither top nor f.next
        Frame f = top;
        try {
            f.point.resume(f, this, in);
        } catch (Throwable t) {
            return continueAfterThrow(f, t);
        }
        return suspending || continueAfterReturn(f);
    }

    /** The resumed frame {@code f} returned: resume its callers with its result until one suspends or none is left. */
    private boolean continueAfterReturn(Frame f) throws Throwable {
        for (;;) {
            Frame caller = f.next;
            if (caller == null) {
                ResumePoint method = f.point;
                Carrier k = carrier;
                if (k.spares != 0) {
                    // the callees that finished above it go back to the pools too: a short coroutine of several frames
                    // then allocates none the next time (TrampolineTest, LifecycleBenchmark.coflowSend)
                    dropSpares(k, null, top);
                }
                FramePool.release(k, f);
                top = null;
                valueRef = method.boxedResult(this);
                return false;
            }
            // f stays where it is, above its caller, as a spare: the caller's next call that suspends
            // for the first time takes it back in place (takeSpare), and push releases what is not taken
            carrier.spares++;
            f = caller;
            Object result = valueRef; // a reference result, left there by the resume adapter
            if (result != null) {
                valueRef = null;
            }
            try {
                f.point.resume(f, this, result);
            } catch (Throwable t) {
                return continueAfterThrow(f, t);
            }
            if (suspending) {
                return true;
            }
        }
    }

    /** The resumed frame {@code f} threw {@code t}: raise it in its caller's frame at the call site, and so on. */
    private boolean continueAfterThrow(Frame f, Throwable t) throws Throwable {
        for (;;) {
            if (suspending) {
                throw t;
            }
            Frame caller = f.next;
            Carrier k = carrier;
            FramePool.release(k, f);
            top = caller;
            if (k.spares != 0) {
                k.spares = 0; // the spares above f go with it
            }
            if (caller == null) {
                throw t;
            }
            StackTraces.addLogicalCallers(carrier, t, caller);
            mode = THROWING;
            f = caller;
            try {
                f.point.resume(f, this, t);
            } catch (Throwable next) {
                t = next;
                continue;
            }
            return suspending || continueAfterReturn(f);
        }
    }

    /** The boxed return value of the outermost frame after {@link #runFrames} returned {@code false}. */
    protected final Object takeRootResult() {
        Object r = valueRef;
        valueRef = null;
        return r;
    }

    /** The suspended frames, innermost first, as {@code owner#name descriptor (File:line)}. */
    protected final List<String> describeFrames() {
        return StackTraces.describe(top);
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
