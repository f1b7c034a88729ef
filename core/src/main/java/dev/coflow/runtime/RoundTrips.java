package dev.coflow.runtime;

/**
 * Not API. Forced round trips, for transparency tests only (the agent's {@code roundTrips=true}):
 * the rewriter gives every rewritten body, at its entry on the fresh-call path, a conditional
 * suspension point. When {@code -Dcoflow.roundTrips=N:SEED} is set, a coroutine is running, and the
 * whole chain from the coroutine's start to this body is rewritten, a seeded pseudo-random 1 in N of
 * those points begins a suspension that yields {@link #MARKER}: the chain is saved and unwound to the
 * root exactly as for a {@code Coroutines.yield}, and a driver that sees the marker resumes at once
 * (on the same thread or another), so the program must behave exactly as without the round trip.
 *
 * <p><b>The chain must be rewritten.</b> A round trip below a method that was not rewritten (a JDK
 * {@code forEach}, reflection, a refused method) would let that method go on running with a dummy
 * result. So each rewritten frame knows whether it is <em>clean</em>: called by a clean rewritten frame
 * at a suspension point, with nothing else in between. Before such a call the caller {@link #arm}s a
 * per-thread token naming the callee; the callee's {@link #enter} takes it and is clean when it names
 * it (an interface call may land in a lambda or method reference of another name: then only the
 * hidden forwarding classes of lambdas may stand between caller and callee, which a short stack walk
 * checks). {@link #disarm} after the call drops a token that nothing took. The coroutine's root
 * method is armed by the driver ({@link #armRoot}). Outside any coroutine nothing happens.
 */
public final class RoundTrips {
    private RoundTrips() {
    }

    /** The value a round trip yields; a driver resumes at once when it sees it. */
    public static final Object MARKER = new Object() {
        @Override
        public String toString() {
            return "coflow round trip";
        }
    };

    private static final String ANY = "*";
    /** 1 in {@code RATE} clean points round-trips; 0 when off. */
    private static int RATE;
    private static long SEED;

    static {
        String spec = System.getProperty("coflow.roundTrips", "");
        int rate = 0;
        long seed = 1;
        if (!spec.isEmpty()) {
            int colon = spec.indexOf(':');
            rate = Integer.parseInt(colon < 0 ? spec : spec.substring(0, colon));
            seed = colon < 0 ? 1 : Long.parseLong(spec.substring(colon + 1));
            if (rate < 1) {
                throw new IllegalArgumentException("-Dcoflow.roundTrips=N:SEED needs N >= 1, not " + spec);
            }
        }
        RATE = rate;
        SEED = seed;
    }

    /** Per-thread token and generator. */
    private static final class State {
        String callee;
        String descriptor;
        String armer;
        long random = SEED;
        long taken;
        long clean;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    // ---------------------------------------------------------------- called by rewritten code

    /** Called by a rewritten body at its entry: takes the token and says whether this frame is clean. */
    public static boolean enter(String name, String descriptor) {
        State s = STATE.get();
        String callee = s.callee;
        if (callee == null) {
            return false;
        }
        s.callee = null;
        if (!descriptor.equals(s.descriptor) && !ANY.equals(s.descriptor)) {
            return false;
        }
        if (name.equals(callee)) {
            return true;
        }
        return ANY.equals(s.descriptor) && calledThroughLambda(name, s.armer);
    }

    /** The marker call that the rewriter replaces with {@link #begin}; if it is ever called as it is, nothing happens. */
    public static void point(boolean clean) {
    }

    /**
     * At a clean frame's entry in a running coroutine, 1 time in N: begins a suspension yielding
     * {@link #MARKER} and returns the context (the body then spills and returns); else {@code null}.
     */
    public static Context begin(boolean clean, Context context) {
        if (!clean || RATE == 0) {
            return null;
        }
        Context c = context != null ? context : Suspension.current();
        if (c == Context.NONE || c == Context.FOREIGN || c.suspending) {
            return null;
        }
        State s = STATE.get();
        s.clean++;
        long x = s.random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        s.random = x;
        if (Long.remainderUnsigned(x, RATE) != 0) {
            return null;
        }
        s.taken++;
        c.beginSuspension(MARKER);
        return c;
    }

    /** Before a call at a suspension point: the callee is clean when this frame is. */
    public static void arm(String callee, String descriptor, String armer, boolean clean) {
        State s = STATE.get();
        if (clean) {
            s.callee = callee;
            s.descriptor = descriptor;
            s.armer = armer;
        } else {
            s.callee = null;
        }
    }

    /** After a call at a suspension point returned: a token its callee did not take (it was not rewritten) is dropped. */
    public static void disarm() {
        STATE.get().callee = null;
    }

    // ---------------------------------------------------------------- for drivers

    /** Whether a value a coroutine yielded is a round trip's, to be resumed at once. */
    public static boolean isMarker(Object value) {
        return value == MARKER;
    }

    /**
     * Sets the rate and seed as {@code -Dcoflow.roundTrips=N:SEED} does (N = 0 turns round trips off), for
     * tests that cannot set the property before this class initialises. Call it before any coroutine runs.
     */
    public static void configure(int rate, long seed) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be >= 0, not " + rate);
        }
        RATE = rate;
        SEED = seed;
        reseed(0);
    }

    /** Whether round trips are on ({@code -Dcoflow.roundTrips=N:SEED}). */
    public static boolean enabled() {
        return RATE > 0;
    }

    /**
     * Arms the next rewritten body entered on this thread, which must be the method {@code name descriptor}
     * called at once (reflectively) as a coroutine's root: its frame is clean.
     */
    public static void armRoot(String name, String descriptor) {
        State s = STATE.get();
        s.callee = name;
        s.descriptor = descriptor;
        s.armer = null;
    }

    /** Restarts this thread's generator from {@code SEED} mixed with {@code salt} (a driver gives each test its own). */
    public static void reseed(long salt) {
        long x = SEED * 0x9E3779B97F4A7C15L + salt;
        x ^= x >>> 31;
        STATE.get().random = x == 0 ? 1 : x;
    }

    /** Round trips taken on this thread so far. */
    public static long taken() {
        return STATE.get().taken;
    }

    /** Clean points met in a running coroutine on this thread so far (each had its 1 in N chance). */
    public static long cleanPoints() {
        return STATE.get().clean;
    }

    /**
     * An interface call whose callee has another name: clean only when the body was reached from the
     * armer's frame through nothing but hidden classes (lambda and method-reference forwarders) and the
     * body's own bridge.
     */
    private static boolean calledThroughLambda(String name, String armer) {
        if (armer == null) {
            return false;
        }
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            var it = frames.iterator();
            int seen = 0;
            String bodyClass = null;
            while (it.hasNext() && seen++ < 16) {
                StackWalker.StackFrame f = it.next();
                if (f.getDeclaringClass() == RoundTrips.class) {
                    continue;
                }
                if (bodyClass == null) {
                    bodyClass = f.getClassName(); // the entering body
                    continue;
                }
                if (f.getMethodName().equals(name) && f.getClassName().equals(bodyClass)) {
                    continue; // its bridge
                }
                if (f.getDeclaringClass().isHidden()) {
                    continue;
                }
                return armer.equals(f.getClassName().replace('.', '/') + "." + f.getMethodName());
            }
            return false;
        });
    }
}
