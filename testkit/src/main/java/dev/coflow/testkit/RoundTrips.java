package dev.coflow.testkit;

import dev.coflow.runtime.EntryPoints;

/**
 * Forced round trips: a policy for the runtime's entry points ({@link EntryPoints}, which the rewriter adds
 * to every rewritten body with {@code entryPoints=true}). Installed with a rate N and a seed, it suspends a
 * seeded pseudo-random 1 in N of the points reached in a running coroutine whose chain is rewritten,
 * yielding {@link #MARKER}; the chain is saved and unwound to the root exactly as for a {@code Coroutines.yield},
 * and a driver that sees the marker resumes at once (on the same thread or another), so the program must
 * behave exactly as without the round trip. {@code -Dcoflow.roundTrips=N:SEED} configures
 * {@link #installFromSystemProperty()}.
 *
 * <p>Each thread has its own generator and counters, so threads never race on them; {@link #reseed} gives
 * each test its own sequence whatever ran before it.
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

    private static volatile long seed = 1;

    /** Per-thread generator and counters. */
    private static final class State {
        long random = mix(seed, 0);
        long taken;
        long points;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /**
     * Installs the policy: from now on 1 in {@code rate} of the points reached suspends ({@code rate} 0
     * uninstalls it). Resets this thread's generator to {@code seed}.
     */
    public static void install(int rate, long seed) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be >= 0, not " + rate);
        }
        RoundTrips.seed = seed;
        reseed(0);
        EntryPoints.install(rate == 0 ? null : context -> due(rate) ? MARKER : null);
    }

    /**
     * Installs the policy as {@code -Dcoflow.roundTrips=N:SEED} says (SEED defaults to 1); nothing when the
     * property is not set. Returns whether it installed one.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static boolean installFromSystemProperty() {
        String spec = System.getProperty("coflow.roundTrips", "");
        if (spec.isEmpty()) {
            return false;
        }
        int colon = spec.indexOf(':');
        int rate;
        long seedValue;
        try {
            rate = Integer.parseInt(colon < 0 ? spec : spec.substring(0, colon));
            seedValue = colon < 0 ? 1 : Long.parseLong(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dcoflow.roundTrips=N:SEED needs two integers, not " + spec, e);
        }
        if (rate < 1) {
            throw new IllegalArgumentException("-Dcoflow.roundTrips=N:SEED needs N >= 1, not " + spec);
        }
        install(rate, seedValue);
        return true;
    }

    private static boolean due(int rate) {
        State s = STATE.get();
        s.points++;
        long x = s.random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        s.random = x;
        if (Long.remainderUnsigned(x, rate) != 0) {
            return false;
        }
        s.taken++;
        return true;
    }

    /** Whether a value a coroutine yielded is a round trip's, to be resumed at once. */
    public static boolean isMarker(Object value) {
        return value == MARKER;
    }

    /** Restarts this thread's generator from the seed mixed with {@code salt} (a driver gives each test its own). */
    public static void reseed(long salt) {
        STATE.get().random = mix(seed, salt);
    }

    private static long mix(long seed, long salt) {
        long x = seed * 0x9E3779B97F4A7C15L + salt;
        x ^= x >>> 31;
        return x == 0 ? 1 : x;
    }

    /** Round trips taken on this thread so far. */
    public static long taken() {
        return STATE.get().taken;
    }

    /** Points reached in a running coroutine whose chain is rewritten, on this thread so far (each had its 1 in N chance). */
    public static long points() {
        return STATE.get().points;
    }
}
