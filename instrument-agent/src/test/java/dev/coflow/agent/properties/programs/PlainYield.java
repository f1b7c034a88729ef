package dev.coflow.agent.properties.programs;

/**
 * What a yield point calls in the PLAIN build of a generated program: it records the value as the
 * coroutine driver would and returns the value the driver would send, or throws what the driver
 * would throw in. One program runs at a time.
 */
public final class PlainYield {
    private static int count;
    private static int throwAt = -1;

    private PlainYield() {
    }

    /** Starts a run; the yield numbered {@code throwAt} (from 0) throws {@link Sends#thrownIn()}, or none when negative. */
    public static synchronized void reset(int throwAtYield) {
        count = 0;
        throwAt = throwAtYield;
    }

    public static synchronized Object yield(Object value) {
        Trace.yielded(value);
        int k = count++;
        if (k == throwAt) {
            throw Sends.thrownIn();
        }
        return Sends.value(k);
    }

    public static Object yield() {
        return PlainYield.yield(null);
    }
}
