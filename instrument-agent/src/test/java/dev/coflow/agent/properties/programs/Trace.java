package dev.coflow.agent.properties.programs;

import java.util.ArrayList;
import java.util.List;

/**
 * What a generated program did, in order: the values it recorded, the exceptions its handlers
 * caught and the values it yielded. Generated code calls the static methods here; one program runs
 * at a time, possibly moving between threads, so every method is synchronized. Each run also has
 * fuel: {@link #tick()} (at every method entry and loop iteration) throws {@link FuelExhausted} once
 * it is spent, so a program's running time stays bounded whatever its shape.
 */
public final class Trace {
    private static List<String> events = new ArrayList<>();
    private static int fuel;

    private Trace() {
    }

    /** Starts a new run with empty trace and {@code fuelLimit} ticks. */
    public static synchronized void reset(int fuelLimit) {
        events = new ArrayList<>();
        fuel = fuelLimit;
        pipe = null;
    }

    /**
     * The trace of one of several runs that take turns ({@link ProgramRunner#runInterleaved}): its events and fuel, put
     * aside with {@link #putAside()} while the others run and brought back with {@link #bringBack(Saved)}.
     */
    public record Saved(List<String> events, int fuel) {
    }

    /** The current run's trace and fuel, to bring back later; the current run is then a new one with {@code fuelLimit} ticks. */
    public static synchronized Saved putAside(int fuelLimit) {
        Saved saved = new Saved(events, fuel);
        reset(fuelLimit);
        return saved;
    }

    /** Makes {@code saved} the current run again. */
    public static synchronized void bringBack(Saved saved) {
        events = saved.events();
        fuel = saved.fuel();
    }

    /** The events of the run so far. */
    public static synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The coroutine the program drives from inside, or null ({@link Pipe}). */
    private static Pipe pipe;

    /** Called by generated code: records a value, and resumes the {@link Pipe}'s target when one is set. */
    public static void record(Object value) {
        event(render(value));
        Pipe p;
        synchronized (Trace.class) {
            p = pipe;
        }
        if (p != null) {
            p.feed();
        }
    }

    /** Sets the coroutine the program's records resume ({@link Pipe}), or none. */
    static synchronized void pipe(Pipe to) {
        pipe = to;
    }

    static synchronized void event(String event) {
        events.add(event);
    }

    /** Called by generated exception handlers: records what they caught. */
    public static synchronized void caught(Throwable caught) {
        events.add("caught:" + describe(caught));
    }

    /** Called at every method entry and loop iteration of generated code. */
    public static synchronized void tick() {
        if (--fuel < 0) {
            throw new FuelExhausted();
        }
    }

    /** Records a value that left the program through a yield (by the driver, or by {@link PlainYield}). */
    public static synchronized void yielded(Object value) {
        events.add("yield:" + render(value));
    }

    /** A value as the trace shows it: its kind and its text. */
    public static String render(Object value) {
        if (value == null) {
            return "null";
        }
        String kind = switch (value.getClass().getSimpleName()) {
            case "Integer" -> "I";
            case "Long" -> "J";
            case "Double" -> "D";
            case "Float" -> "F";
            case "String" -> "S";
            case "Boolean" -> "Z";
            case "Byte" -> "B";
            case "Character" -> "C";
            case "Short" -> "H";
            case "int[]" -> "[I";
            case "String[]" -> "[S";
            default -> value.getClass().getName();
        };
        // a char as its number: control characters and surrogates stay readable
        return kind + ":" + (value instanceof Character c ? String.valueOf((int) c) : value instanceof String text ? sameNullCause(Values.text(text)) : Values.text(value));
    }

    /**
     * An exception as the trace shows it: its class and message. The cause a helpful NullPointerException message
     * gives for a null that a yield evaluated to names the method the null came from: {@code PlainYield.yield} in the
     * PLAIN flavor, and after a resume the runtime's {@code Context.takeRef} (design.md, "Known gaps"); both read
     * {@value #NULL_FROM_A_YIELD} here, and in the strings a program records (it may record a message it caught).
     */
    public static String describe(Throwable t) {
        return t.getClass().getSimpleName() + "(" + sameNullCause(t.getMessage()) + ")";
    }

    /** {@code text} with a helpful NullPointerException's cause for a null from a yield as {@link #describe} shows it (also where a program records the message). */
    private static String sameNullCause(String text) {
        return text == null ? null : text.replace("because the return value of \"dev.coflow.agent.properties.programs.PlainYield.yield(Object)\" is null", NULL_FROM_A_YIELD)
                .replace("because the return value of \"dev.coflow.agent.properties.programs.PlainYield.yield()\" is null", NULL_FROM_A_YIELD)
                .replace("because the return value of \"dev.coflow.runtime.Context.takeRef(Object)\" is null", NULL_FROM_A_YIELD);
    }

    private static final String NULL_FROM_A_YIELD = "because the value a yield evaluated to is null";
}
