package dev.coflow.runtime;

/**
 * Not API. Per-thread slot naming the coroutine that runs on the thread right now. A context caches
 * the carrier of the thread that last ran it, so resuming on the same thread costs no
 * {@code ThreadLocal} look-up; only a method entered fresh (not resumed) looks it up, and only when
 * it first needs it.
 */
final class Carrier {
    private static final ThreadLocal<Carrier> CARRIERS = ThreadLocal.withInitial(Carrier::new);

    final Thread thread = Thread.currentThread();
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
     * coroutine that ran last on it) stays reachable until another thread takes the slot.
     */
    private static final Carrier[] RECENT = new Carrier[1024];

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same number
    static Carrier forCurrentThread() {
        Thread t = Thread.currentThread();
        int slot = (int) t.getId() & (RECENT.length - 1);
        Carrier c = RECENT[slot];
        if (c != null && c.thread == t) {
            return c;
        }
        c = CARRIERS.get();
        RECENT[slot] = c;
        return c;
    }
}
