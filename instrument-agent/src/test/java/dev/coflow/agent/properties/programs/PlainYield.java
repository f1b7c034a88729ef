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
    /** How many delegations ({@code YIELD_FROM} calls) are under way: the call stack's depth in delegates. */
    private static int depth;
    /**
     * The depth of the delegation whose close is in progress: set to {@link #depth} at the closing yield, one less each
     * time the delegation at that depth ends (its delegator is then the one being closed); 0 when it is the program
     * itself (or no close is in progress).
     */
    private static int closeDepth;
    /** Whether the first yield after the closing one came while a delegate was being closed ({@link #cutInDelegate()}). */
    private static boolean cutInDelegate;
    /** Whether the closing yield was in a delegation, and whether a delegator got the exit after its delegate returned. */
    private static boolean closedInDelegate;
    private static boolean exitAfterReturn;
    /** The numbers of the yields the last run reached inside a delegation ({@link #delegatedYields()}). */
    private static final java.util.List<Integer> delegated = new java.util.ArrayList<>();

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
        depth = 0;
        closeDepth = 0;
        cutInDelegate = false;
        closedInDelegate = false;
        exitAfterReturn = false;
        delegated.clear();
    }

    public static synchronized Object yield(Object value) {
        int k = count++;
        if (closeAt >= 0 && k > closeAt) {
            if (cut < 0) {
                cut = Trace.events().size();
                cutValue = value;
                cutInDelegate = closeDepth > 0;
            }
            throw new Abandoned();
        }
        if (depth > 0) {
            delegated.add(k);
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
            closeDepth = depth;
            closedInDelegate = depth > 0;
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

    /** Called by the PLAIN flavor before it calls the method a {@code YIELD_FROM} delegates to (its arguments pushed). */
    public static synchronized void enterDelegate() {
        depth++;
    }

    /**
     * Called by the PLAIN flavor when the method a {@code YIELD_FROM} delegated to returned. When that delegation was
     * being closed (the closing yield was in it, or in a delegation it made, all of which have ended), its delegator
     * gets the GeneratorExit whatever the delegate did with it: PEP 380 closes the delegate, and when that close
     * returns (the delegate caught the exit and returned), raises the exit in the delegator.
     */
    public static synchronized void returnedFromDelegate() {
        if (leave()) {
            exitAfterReturn = true;
            throw new dev.coflow.GeneratorExit();
        }
    }

    /**
     * Called by the PLAIN flavor when the method a {@code YIELD_FROM} delegated to threw {@code t}; returns it, to be
     * thrown on. A delegate being closed that throws passes what it threw to its delegator, as a plain call does.
     */
    public static synchronized Throwable leftDelegate(Throwable t) {
        leave();
        return t;
    }

    /** Ends the innermost delegation; whether it was the one being closed. */
    private static boolean leave() {
        boolean closing = closeDepth > 0 && depth == closeDepth;
        depth--;
        if (closing) {
            closeDepth--;
        }
        return closing;
    }

    /**
     * Whether the first yield after the closing one ({@link #cut()}) came while a delegation was being closed: the
     * delegate (or one it delegated to since) yielded after its GeneratorExit. Its close then fails in its delegator,
     * which goes on with an {@code IllegalStateException} at its {@code yieldFrom} while the delegate stays suspended,
     * its {@code finally} blocks not run: a plain call cannot do that, so the runs are compared up to that yield.
     */
    public static synchronized boolean cutInDelegate() {
        return cutInDelegate;
    }

    /** The numbers (from 0) of the yields the last run reached inside a delegation, in order. */
    public static synchronized java.util.List<Integer> delegatedYields() {
        return java.util.List.copyOf(delegated);
    }

    /** For statistics: where the last run's close was raised, and whether the delegation model changed what it did. */
    public static synchronized String closeShape() {
        return closeAt < 0 || count <= closeAt ? "no close" : !closedInDelegate ? "closed outside delegations"
                : cutInDelegate ? "closed in a delegate, which yielded again" : exitAfterReturn ? "closed in a delegate, which returned: exit in its delegator"
                : "closed in a delegate, which threw";
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
