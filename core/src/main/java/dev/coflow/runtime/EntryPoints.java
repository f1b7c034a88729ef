package dev.coflow.runtime;

/**
 * Not API. A test hook: the conditional suspension point that the rewriter gives the entry of every
 * rewritten body when asked to (the agent's {@code entryPoints=true}). With no {@link Policy} installed
 * (always, in production) the point does nothing. A test kit installs a policy that decides, at each
 * point reached in a running coroutine, whether to suspend there and with which value; the chain is then
 * saved and unwound to the root exactly as for a {@code Coroutines.yield}, and the test's driver resumes it.
 *
 * <p>A point suspends only in a frame whose whole chain is rewritten: the body's context is a running
 * coroutine's, not {@link Context#NONE} (no coroutine) nor {@link Context#FOREIGN} (entered through a
 * frame the agent did not rewrite, see {@link Suspension#enterStatic}). So a suspension at a point never lets
 * unrewritten code go on with a dummy value: the armed calls that make a yield exact make the points exact too.
 */
public final class EntryPoints {
    private EntryPoints() {
    }

    /** Decides, at a point reached in a running coroutine, whether to suspend there. */
    @FunctionalInterface
    public interface Policy {
        /** The value to yield from this point, or {@code null} to go on. */
        Object suspendWith(Context context);
    }

    private static volatile Policy policy;

    /** Installs {@code p} ({@code null}: none); points reached from now on ask it. */
    public static void install(Policy p) {
        policy = p;
    }

    /** The marker call the rewriter inserts at a body's entry and then replaces with {@link #begin}: it does nothing. */
    public static void mark() {
    }

    /**
     * What the marker becomes in a rewritten body: when the policy says so, begins a suspension yielding its
     * value and returns the context (the body then spills and returns); else {@code null}.
     */
    public static Context begin(Context context) {
        Policy p = policy;
        if (p == null) {
            return null;
        }
        Context c = context != null ? context : Suspension.current();
        if (c == Context.NONE || c == Context.FOREIGN || c.suspending) {
            return null;
        }
        Object value = p.suspendWith(c);
        if (value == null) {
            return null;
        }
        if (Suspension.STRICT) {
            Diagnostics.checkChain(); // strict mode checks a forced suspension as it checks a yield
        }
        c.beginSuspension(value);
        return c;
    }
}
