package dev.coflow.agent.properties.programs;

/**
 * What a yield point calls in the PLAIN build of a generated program: it records the value as the
 * coroutine driver would and returns the value the driver would send, or throws what the driver
 * would throw in. One program runs at a time.
 */
public final class PlainYield {
    private static int count;
    private static int throwAt = -1;
    private static int closeAt = -1;
    /** The trace's length when a yield came after the closing one (close() fails there), or -1. */
    private static int cut = -1;
    private static Object cutValue;

    private PlainYield() {
    }

    /** Starts a run; the yield numbered {@code throwAt} (from 0) throws {@link Sends#thrownIn()}, or none when negative. */
    public static synchronized void reset(int throwAtYield) {
        reset(throwAtYield, -1);
    }

    /**
     * Starts a run as {@link #reset(int)} does, and the yield numbered {@code closeAtYield} throws a new
     * {@link dev.coflow.GeneratorExit}, as {@code close()} raises one at the yield the coroutine stopped at. A yield
     * after it is where {@code close()} fails ("ignored GeneratorExit"): the driver gets control back and the body
     * runs no further, so the run is cut there ({@link #cut()}); this yield and every later one throw
     * {@link Abandoned} to end the plain run, whose events after the cut are not compared.
     */
    public static synchronized void reset(int throwAtYield, int closeAtYield) {
        count = 0;
        throwAt = throwAtYield;
        closeAt = closeAtYield;
        cut = -1;
        cutValue = null;
    }

    public static synchronized Object yield(Object value) {
        int k = count++;
        if (closeAt >= 0 && k > closeAt) {
            if (cut < 0) {
                cut = Trace.events().size();
                cutValue = value;
            }
            throw new Abandoned();
        }
        Trace.yielded(value);
        if (k == throwAt) {
            throw Sends.thrownIn();
        }
        if (k == closeAt) {
            throw new dev.coflow.GeneratorExit();
        }
        return Sends.value(k);
    }

    /** How many trace events came before the first yield after the closing one, or -1 when there was none. */
    public static synchronized int cut() {
        return cut;
    }

    /** The value that first yield after the closing one yielded. */
    public static synchronized Object cutValue() {
        return cutValue;
    }

    /** Ends a plain run past the point where {@code close()} would have failed; what follows it is not compared. */
    public static final class Abandoned extends Error {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("past a failed close", null, false, false);
        }
    }

    public static Object yield() {
        return PlainYield.yield(null);
    }
}
