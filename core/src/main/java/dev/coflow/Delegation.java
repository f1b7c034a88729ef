package dev.coflow;

import dev.coflow.runtime.Frames;
import dev.coflow.runtime.Suspension;

/**
 * The trampoline of {@code Coroutines.yieldFrom}: a send to a coroutine that delegates goes
 * straight to the innermost delegate, and a delegation starts, yields, finishes and fails without
 * nesting Java frames, however deep it is. See {@code docs/delegation.md}.
 *
 * <p>Words: a coroutine suspended in {@code yieldFrom(d)} <i>delegates</i> to {@code d} (its state
 * carries {@link Handle#DELEGATING}; its top frame is a delegation frame whose {@code r0} is
 * {@code d}); {@code d} is then <i>delegated</i> ({@link Handle#DELEGATED}, and its
 * {@code aux} names the delegator). Following {@code r0} from a coroutine that delegates ends at its
 * <i>innermost delegate</i>, the one really suspended at a yield. The coroutine a send, throwIn or
 * close was called on is the <i>root</i> of that drive.
 *
 * <p>The delegation frame's {@code r1} is a cache: the innermost coroutine that delegates (at or below
 * its own; its {@code r0} is the innermost delegate), set only on a coroutine that is not delegated
 * itself, at the end of a drive rooted there. It is trusted
 * because everything that could change the chain below without passing through that root (a
 * coroutine of the chain resumed directly, a delegate taken over by another delegator) first clears
 * the cache of the top of its chain ({@link #forgetCacheAbove}); a coroutine that becomes delegated
 * loses its cache. Without a cache the chain is walked once, which is O(depth).
 */
final class Delegation {
    private Delegation() {
    }

    /**
     * Yielded by {@code yieldFrom}'s own suspension: "this coroutine now delegates to the coroutine
     * in its top frame". Never seen by user code.
     */
    static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "coflow delegation mark";
        }
    };

    private static final byte PHASE = Handle.PHASE;
    private static final byte RUNNING = Handle.RUNNING;
    private static final byte SUSPENDED = Handle.SUSPENDED;
    private static final byte CLOSED = Handle.CLOSED;
    private static final byte BUFFERED = Handle.BUFFERED;
    private static final byte DELEGATING = Handle.DELEGATING;
    private static final byte DELEGATED = Handle.DELEGATED;

    // ---------------------------------------------------------------- entry points

    /**
     * {@code root}'s body has just suspended in {@code yieldFrom}: start (or resume with null) its
     * delegate and go on from there. {@code root} is SUSPENDED with no flag.
     */
    static Object begin(Handle<?, ?> root) {
        root.state = RUNNING;
        return run(root, false, root, null, MARK, null, null, null, null);
    }

    /**
     * A step ({@code send}, {@code throwIn}, {@code close}, an iterator's {@code hasNext}) of a
     * SUSPENDED coroutine that delegates, is delegated, or both.
     */
    static Object drive(Handle<?, ?> root, Object value, Throwable thrown) {
        byte flags = root.state;
        boolean rootDelegated = (flags & DELEGATED) != 0;
        if (rootDelegated) {
            // resumed directly, not through the coroutine delegating to it: the chain above may change
            forgetCacheAbove(root);
        }
        if ((flags & DELEGATING) == 0) {
            root.state = (byte) (RUNNING | flags & DELEGATED);
            return run(root, rootDelegated, root, null, null, value, thrown, null, null);
        }
        Handle<?, ?> parent = cachedInnermost(root);
        if (parent == null) {
            parent = walkToInnermost(root);
        }
        Handle<?, ?> leaf = delegateOf(parent);
        if ((leaf.state & PHASE) == RUNNING) {
            throw leaf.alreadyRunning(); // a send to a delegation from inside it; nothing changed
        }
        root.state = (byte) (RUNNING | flags & DELEGATED);
        if (thrown instanceof GeneratorExit) {
            // PEP 380: GeneratorExit thrown into a delegator closes its delegate first, at every level
            while ((leaf.state & PHASE) == BUFFERED) {
                // close() drops a value an iterator ran a delegate ahead to; the chain may go on below it
                leaf.discardBuffered();
                attach(leaf, parent);
                if (!isSuspendedDelegating(leaf)) {
                    break;
                }
                parent = walkToInnermost(leaf);
                leaf = delegateOf(parent);
            }
            GeneratorExit exit = (GeneratorExit) thrown;
            return run(root, rootDelegated, leaf, parent, null, null, exit, leaf, exit);
        }
        return run(root, rootDelegated, leaf, parent, null, value, thrown, null, null);
    }

    /**
     * Called by {@code yieldFrom(delegate)} before it suspends: refuses a delegation to a coroutine
     * that is running, or whose chain of delegates ends at one that is (a cycle), as
     * "already running", before anything changed.
     */
    static void refuseRunning(Handle<?, ?> delegate) {
        Handle<?, ?> h = delegate;
        Handle<?, ?> cached = cachedInnermost(h);
        if (cached != null) {
            h = cached;
        }
        while ((h.state & DELEGATING) != 0) {
            h = delegateOf(h);
        }
        if ((h.state & PHASE) == RUNNING) {
            throw h.alreadyRunning();
        }
    }

    // ---------------------------------------------------------------- the trampoline

    /**
     * Steps {@code cur} with ({@code value}, {@code thrown}) — or takes {@code outcome} as its step's
     * result when not null — and goes on: down into a delegate that {@code cur} starts delegating to,
     * up into the delegator of one that finished or failed, until a coroutine yields a value (returned)
     * or {@code root} finishes ({@link Handle#FINISHED}) or fails (thrown).
     *
     * <p>{@code root} is RUNNING throughout (a send to it from inside is refused), keeping its
     * DELEGATED flag. {@code parent} is {@code cur}'s delegator, {@code null} for the root.
     * {@code closing} is the deepest coroutine whose {@code close()} is in progress (PEP 380 closes a
     * chain from its root down; a coroutine being closed that yields fails its close with "ignored
     * GeneratorExit" in its delegator), {@code exit} the GeneratorExit of that close.
     */
    private static Object run(Handle<?, ?> root, boolean rootDelegated, Handle<?, ?> cur,
            Handle<?, ?> parent, Object outcome, Object value, Throwable thrown,
            Handle<?, ?> closing, GeneratorExit exit) {
        try {
            for (;;) {
                Object y = outcome;
                outcome = null;
                Throwable failure = null;
                if (y == null) {
                    if (cur == root) {
                        root.state = SUSPENDED; // its own frames run now: advance makes it RUNNING again
                    }
                    try {
                        y = cur.advance(value, thrown);
                    } catch (Throwable t) {
                        failure = t;
                    }
                    if (cur == root && (root.state & PHASE) != CLOSED) {
                        root.state = (byte) (root.state & ~PHASE | RUNNING);
                    }
                }
                value = null;
                thrown = null;

                if (failure != null || y == Handle.FINISHED) {
                    // cur failed, finished, or refused to run: its delegator goes on with that
                    if (cur == root) {
                        if (failure != null) {
                            settleRootAfterFailure(root, rootDelegated);
                            throw Handle.sneakyThrow(failure);
                        }
                        return y;
                    }
                    boolean ranAndEnded = cur.isDone();
                    Object result = null;
                    if (!ranAndEnded) {
                        detach(cur);
                    } else if (failure == null) {
                        result = cur.takeStopValue();
                    }
                    if (closing == cur) {
                        // its close() returned (it finished or raised GeneratorExit) or raised another exception
                        thrown = failure == null || failure instanceof GeneratorExit ? exit : failure;
                        closing = parent == root ? null : parent;
                    } else if (failure != null) {
                        thrown = failure;
                    } else {
                        value = result;
                    }
                    cur = parent;
                    parent = cur == root ? null : (Handle<?, ?>) cur.aux;
                    continue;
                }

                if (y == MARK) {
                    // cur's body suspended in yieldFrom: go down into its delegate
                    markDelegating(root, cur, parent);
                    Handle<?, ?> delegate = delegateOf(cur);
                    byte d = delegate.state;
                    if ((d & DELEGATED) != 0 && delegate.aux != cur) {
                        forgetCacheAbove(delegate); // taken over from another delegator
                        delegate.state = (byte) (d & ~DELEGATED);
                    }
                    if (isSuspendedDelegating(delegate)) {
                        // it delegates already: PEP 380's first next() goes to its innermost delegate
                        Handle<?, ?> inner = (d & DELEGATED) == 0 ? cachedInnermost(delegate) : null;
                        attach(delegate, cur);
                        delegate.delegationFrame().r1 = null; // no longer the top of its chain
                        if (inner == null) {
                            inner = walkToInnermost(delegate);
                        }
                        parent = inner;
                        cur = delegateOf(inner);
                    } else {
                        parent = cur;
                        cur = delegate;
                    }
                    continue;
                }

                // cur yielded y
                if (closing != null) {
                    // the close in progress at `closing` meets a yield: its close() fails in its delegator
                    Handle<?, ?> closed = closing;
                    Handle<?, ?> delegator = closed == cur ? parent : (Handle<?, ?>) closed.aux;
                    if (cur != closed) {
                        attach(cur, parent);
                    }
                    detach(closed);
                    if (isSuspendedDelegating(closed)) {
                        closed.delegationFrame().r1 = null;
                    }
                    thrown = closed.ignoredExit(y);
                    closing = delegator == root ? null : delegator;
                    cur = delegator;
                    parent = cur == root ? null : (Handle<?, ?>) cur.aux;
                    continue;
                }
                if (cur == root) {
                    root.state = (byte) (SUSPENDED | (rootDelegated ? DELEGATED : 0));
                    return y;
                }
                attach(cur, parent);
                Handle<?, ?> inner = parent;
                if (isSuspendedDelegating(cur)) {
                    // it yielded a value an iterator had run it ahead to (BUFFERED): its chain stands below it
                    inner = walkToInnermost(cur);
                }
                Frames.R2P0 rootFrame = root.delegationFrame();
                Object cache = rootDelegated ? null : inner;
                if (rootFrame.r1 != cache) {
                    rootFrame.r1 = cache;
                }
                root.state = (byte) (SUSPENDED | DELEGATING | (rootDelegated ? DELEGATED : 0));
                return y;
            }
        } catch (Throwable t) {
            if ((root.state & PHASE) == RUNNING) {
                root.abandon(); // the trampoline itself failed (a StackOverflowError): never leave it RUNNING
            }
            throw Handle.sneakyThrow(t);
        }
    }

    /** After {@code cur} suspended in {@code yieldFrom}: its flags, and the delegator link it keeps. */
    private static void markDelegating(Handle<?, ?> root, Handle<?, ?> cur, Handle<?, ?> parent) {
        Frames.R2P0 frame = cur.delegationFrame();
        frame.r1 = null;
        if (cur == root) {
            return; // the root stays RUNNING; its flags are set when the drive ends
        }
        cur.aux = parent;
        cur.state = (byte) (SUSPENDED | DELEGATING | DELEGATED);
    }

    /** The root failed (its body raised, or a delegate's exception went through it), or refused. */
    private static void settleRootAfterFailure(Handle<?, ?> root, boolean rootDelegated) {
        int phase = root.state & PHASE;
        if (phase == SUSPENDED || phase == RUNNING) {
            // not run at all (a StackOverflowError before it was entered): it stays as it was
            root.state = (byte) (SUSPENDED | (Suspension.isDelegationFrame(root.innermostFrame()) ? DELEGATING : 0) | (rootDelegated ? DELEGATED : 0));
        }
    }

    // ---------------------------------------------------------------- links

    /** {@code child} is delegated by {@code delegator}, which is suspended in {@code yieldFrom(child)}. */
    private static void attach(Handle<?, ?> child, Handle<?, ?> delegator) {
        if (child.aux != delegator) {
            child.aux = delegator; // usually there already: a delegate that yields again keeps its link (no write barrier)
        }
        child.state |= DELEGATED;
    }

    /** {@code child} is no longer delegated (its delegator goes on without it). */
    private static void detach(Handle<?, ?> child) {
        byte s = child.state;
        if ((s & DELEGATED) != 0) {
            child.state = (byte) (s & ~DELEGATED);
            child.aux = null;
        } else if ((s & PHASE) == SUSPENDED) {
            child.aux = null; // a delegator link left by a step that just ended
        }
    }

    /** Whether {@code h} is SUSPENDED in {@code yieldFrom} (not BUFFERED: then it holds a value to hand out first). */
    private static boolean isSuspendedDelegating(Handle<?, ?> h) {
        return (h.state & (PHASE | DELEGATING)) == (SUSPENDED | DELEGATING);
    }

    /** The coroutine {@code h} delegates to. */
    static Handle<?, ?> delegateOf(Handle<?, ?> h) {
        return (Handle<?, ?>) h.delegationFrame().r0;
    }

    /**
     * {@code h}'s cached innermost delegator (itself when its own delegate is the innermost), when
     * {@code h} delegates and is the top of its chain and the cache is set; else null.
     */
    private static Handle<?, ?> cachedInnermost(Handle<?, ?> h) {
        byte s = h.state;
        if ((s & DELEGATING) == 0 || (s & DELEGATED) != 0) {
            return null;
        }
        Handle<?, ?> inner = (Handle<?, ?>) h.delegationFrame().r1;
        return inner != null && isSuspendedDelegating(inner) ? inner : null;
    }

    /**
     * The innermost coroutine that delegates, at or below {@code top} (which delegates), following
     * the delegation frames and linking each coroutine on the way to its delegator (clearing any
     * cache it had: it is not a top any more). O(depth): used only when no cache can be trusted.
     */
    private static Handle<?, ?> walkToInnermost(Handle<?, ?> top) {
        Handle<?, ?> p = top;
        for (;;) {
            Handle<?, ?> c = delegateOf(p);
            byte s = c.state;
            if ((s & DELEGATED) != 0 && c.aux != p) {
                forgetCacheAbove(c);
            }
            if ((s & PHASE) == SUSPENDED) {
                attach(c, p);
            }
            if (!isSuspendedDelegating(c)) {
                return p;
            }
            c.delegationFrame().r1 = null;
            p = c;
        }
    }

    /**
     * Clears the cache at the top of the chain that {@code h} is delegated in: called before
     * something changes the chain below that top without passing through it.
     */
    static void forgetCacheAbove(Handle<?, ?> h) {
        Handle<?, ?> p = h;
        while ((p.state & DELEGATED) != 0) {
            p = (Handle<?, ?>) p.aux;
        }
        if ((p.state & DELEGATING) != 0) {
            p.delegationFrame().r1 = null;
        }
    }
}
