package dev.coflow.agent.properties.programs;

/** The values sent in at the yields of a generated program, the same in the PLAIN and REWRITTEN runs. */
public final class Sends {
    private Sends() {
    }

    /** The value the yield numbered {@code k} (from 0) evaluates to. */
    public static Integer value(int k) {
        return (k * 37) % 23 - 7;
    }

    /** How a generator run gets a value ({@link ProgramRunner#runGenerator}); {@link #pull} picks one per value. */
    public enum Pull {
        /** the iterator's {@code hasNext()} then {@code next()} */
        HAS_NEXT,
        /** {@code hasNext()} twice (the second runs nothing), then {@code next()} */
        HAS_NEXT_TWICE,
        /** the iterator's {@code next()} alone */
        NEXT,
        /** the handle's {@code send(null)} */
        SEND_NULL,
        /** the handle's {@code next()} */
        HANDLE_NEXT,
        /** the handle's {@code send} of {@link #value(int)} for the yield it resumes: the one way that sends a value */
        SEND_VALUE
    }

    /**
     * How the value numbered {@code k} (from 0) is taken in the generator run of {@code seed}: half of them by
     * {@link Pull#SEND_VALUE} (never the first, which starts the body), the rest spread over the pulls, which send
     * null. So the yield numbered {@code k - 1} evaluates to {@link #value(int)} or to null.
     */
    public static Pull pull(long seed, int k) {
        int r = (int) Math.floorMod(mix(seed, k), 10L);
        if (r >= 5) {
            return k == 0 ? Pull.HAS_NEXT : Pull.SEND_VALUE;
        }
        return Pull.values()[r];
    }

    /** Whether the generator run of {@code seed} takes the value numbered {@code k} from a new {@code iterator()}. */
    public static boolean newIterator(long seed, int k) {
        return Math.floorMod(mix(~seed, k), 8L) == 0;
    }

    private static long mix(long seed, int k) {
        long z = seed + (k + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The exception thrown in at the chosen yield. */
    public static ProgramFailure thrownIn() {
        return new ProgramFailure("thrown-in");
    }
}
