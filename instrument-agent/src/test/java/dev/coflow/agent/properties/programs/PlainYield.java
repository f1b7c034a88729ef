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
    /** Whether the driver is a generator's ({@link ProgramRunner#runGenerator}), whose pulls send null. */
    private static boolean pulled;
    /** The seed of that driver's pulls ({@link Sends#pull}). */
    private static long pullSeed;
    /** Whether the closing yield's value was only run ahead to ({@code hasNext}) and never taken, */
    private static boolean closeBuffered;

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
        reset(throwAtYield, closeAtYield, false, 0, false);
    }

    /**
     * Starts a run as {@link #reset(int, int)} does; with {@code pulledValues} a yield evaluates to what the generator
     * run of {@code seed} sends there ({@link Sends#pull}: null, or {@link Sends#value(int)} from a send), and with {@code buffered} the
     * closing yield's value is recorded as {@link #NOT_TAKEN}: a {@code hasNext()} ran the body to it and
     * {@code close()} came before a {@code next()} took it.
     */
    public static synchronized void reset(int throwAtYield, int closeAtYield, boolean pulledValues, long seed, boolean buffered) {
        pulled = pulledValues;
        pullSeed = seed;
        closeBuffered = buffered;
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
        if (k == closeAt && closeBuffered) {
            Trace.yielded(NOT_TAKEN);
        } else {
            Trace.yielded(value);
        }
        if (k == throwAt) {
            throw Sends.thrownIn();
        }
        if (k == closeAt) {
            throw new dev.coflow.GeneratorExit();
        }
        if (!pulled) {
            return Sends.value(k);
        }
        // the closing value run ahead to is taken by hasNext(), which sends nothing
        boolean sends = Sends.pull(pullSeed, k + 1) == Sends.Pull.SEND_VALUE && !(closeBuffered && k + 1 == closeAt);
        return sends ? Sends.value(k) : null;
    }

    /** What the trace shows for a value a generator ran ahead to and never handed out (recorded by both drivers). */
    public static final String NOT_TAKEN = "<run ahead to by hasNext, not taken>";

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
