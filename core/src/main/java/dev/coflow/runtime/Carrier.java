package dev.coflow.runtime;

/**
 * Not API. Per-thread slot naming the coroutine that runs on the thread right now. A context caches
 * the carrier of the thread that last ran it, so resuming on the same thread costs no
 * {@code ThreadLocal} look-up; only a method entered fresh (not resumed) looks it up, and only when
 * it first needs it.
 */
final class Carrier {
    private static final ThreadLocal<Carrier> CARRIERS = ThreadLocal.withInitial(Carrier::new);

    final Thread thread;
    /**
     * The coroutine running on this thread, or the one that last left it suspended (kept, so that it resumes without a
     * store); cleared when the coroutine it names ends here ({@link Context#dropFrames}).
     */
    Context current;
    /** The outermost frame pushed so far by the suspension unwinding on this thread (see {@link Context#chainBottom()}). */
    Frame chainBottom;
    /** The last exception given logical caller frames on this thread, so it gets them once. */
    Throwable traced;
    /**
     * The call a rewritten frame is making right now, named by the key of the method it expects to
     * enter ({@link BytecodeContract#key} of {@code name + descriptor}, or of {@code "*" + name +
     * descriptor} for a call through an interface), or 0. Set by {@link Suspension#arm} just before the
     * call and taken by the callee's bridge ({@link Suspension#enterStatic}, {@link Suspension#enterInstance}): a bridge that finds no key
     * for itself was called by a method that was not rewritten, and its frame may not suspend.
     */
    long expect;
    /**
     * The class of the receiver the armed call was made on (for a {@code super} call, the class it names), or
     * {@code null} for a static call or the coroutine's start: an instance method's bridge takes the key only when a
     * call on an object of this class selects its method, a static method's only when there is none, a lambda's body
     * only when it is a marked lambda's ({@code Suspension.enterInstance}, {@code enterStatic}, {@code enterForwarded}).
     * Written only when it changes.
     */
    Class<?> expectClass;

    /**
     * The last look-up {@code Suspension.enterInstance} made that found a call on an object of {@link #selectedOn} selects the
     * method {@link #selectedKey} of {@link #selectedIn}, which that class inherits: a loop calling an inherited coroutine
     * method on objects of one class compares these instead of looking it up again ({@code Dispatch.selects}). Written only
     * when a look-up finds a new one.
     */
    Class<?> selectedOn;
    Class<?> selectedIn;
    long selectedKey;

    /**
     * How many finished frames the running coroutine keeps on its chain as spares: when a resumed frame
     * returns, the trampoline leaves it where it is, above its caller, instead of releasing it; the
     * caller's next call that suspends for the first time takes it back in place ({@link Context#takeSpare}),
     * its point, its link to the caller and its saved references as they were, so a chain rebuilt for
     * every value writes no reference into its frames. The spares lie on top of the running frame,
     * innermost first; whatever the next suspension does not take back is released to the pool when the
     * chain passes them ({@link Context#push}), or dropped when a frame throws or the coroutine ends or
     * leaves. Until then they keep what they referenced reachable. Per carrier, not per coroutine (no
     * field on the handle): only the running coroutine has spares, and one resumed from inside it
     * releases them first ({@link Context#enter}).
     */
    int spares;

    /**
     * The value the suspension unwinding on this thread yields out, from {@link Context#beginSuspension}
     * until the handle takes it ({@link Context#takeYielded}): only an unwinding suspension needs it, and
     * one unwinds at a time on a thread, so a suspended coroutine does not carry the field.
     */
    Object yielded;

    /**
     * The primitive result of the method whose resume adapter just returned, as raw bits ({@link Context#resultLong}),
     * until the caller's frame takes it in the same switch. Here rather than in the context: a suspended coroutine
     * carries no slot it does not need.
     */
    long valueLong;

    /**
     * Finished frames kept for reuse by the coroutines that run on this thread, one list per frame shape
     * ({@code null} until a frame finishes here), linked through {@link Frame#next}: see {@link FramePool}.
     */
    Frame[] pools;

    /** How many frames each list of {@link #pools} holds, at most {@link FramePool#MAX_PER_SHAPE}. */
    byte[] poolSizes;

    /**
     * The carriers of recently seen threads, by thread id: one array load and one compare instead of
     * a {@code ThreadLocal} look-up (a bridge asks for its thread's carrier on every fresh call,
     * {@link Suspension#enterStatic}). A slot holds whichever thread last missed there; its carrier (and the
     * coroutine that last suspended on it) stays reachable until another thread takes the slot. Every slot starts with
     * {@link #NO_THREAD}, so the look-up needs no null check.
     */
    private static final Carrier[] RECENT = new Carrier[1024];
    private static final int SLOT_MASK = 1023;
    /** A carrier of no thread, in every slot of {@link #RECENT} that no thread has taken yet. */
    private static final Carrier NO_THREAD = new Carrier(null);

    static {
        java.util.Arrays.fill(RECENT, NO_THREAD);
    }

    private Carrier(Thread thread) {
        this.thread = thread;
    }

    Carrier() {
        this(Thread.currentThread());
    }

    /**
     * The calling thread's carrier. Every fresh call of a rewritten method runs this (its bridge), and the JIT charges
     * the bytes of what it inlines against one budget per compiled method, so the common case is a few bytes and the
     * miss is a call of its own ({@link #missed}).
     */
    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same number
    static Carrier forCurrentThread() {
        Thread t = Thread.currentThread();
        Carrier c = RECENT[(int) t.getId() & SLOT_MASK];
        return c.thread == t ? c : missed(t);
    }

    @SuppressWarnings("deprecation")
    private static Carrier missed(Thread t) {
        Carrier c = CARRIERS.get();
        RECENT[(int) t.getId() & SLOT_MASK] = c;
        return c;
    }

    /**
     * The context a bridge hands its body when no call was armed at all: {@link Context#FOREIGN} while a coroutine
     * runs on this thread (a method that was not rewritten called the bridge), else {@link Context#NONE}.
     */
    Context unarmed() {
        Context c = current;
        return c != null && c.runsOn(this) ? Context.FOREIGN : Context.NONE;
    }
}
