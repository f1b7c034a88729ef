package dev.coflow.agent.properties.programs;

import java.util.ArrayList;
import java.util.List;

/**
 * The plain twin's side of {@link SourcePrograms}: in the plain copy of a generated class every {@code Coroutines.yield}
 * is a call of {@link #yield(Object)} here, which records the value as the coroutine's driver does and evaluates to the
 * value the driver sends at that yield ({@link #sent(int)}), or throws what it throws in. Both copies record through
 * {@link #rec(Object)} and open their resources through {@link #open(String)}. One program runs at a time.
 */
public final class Twin {
    private static List<String> events = new ArrayList<>();
    private static int count;
    private static int throwAt = -1;

    private Twin() {
    }

    /** Starts a run: an empty trace, and the yield numbered {@code throwAtYield} (from 0) throws {@link #thrownIn(int)}. */
    public static synchronized void reset(int throwAtYield) {
        events = new ArrayList<>();
        count = 0;
        throwAt = throwAtYield;
    }

    /** The events of the run so far. */
    public static synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** What the driver sends at the yield numbered {@code k}: a small integer, some negative. */
    public static Integer sent(int k) {
        return (k * 7 + 3) % 23 - 5;
    }

    /** What the driver throws in at the yield numbered {@code k}. */
    public static IllegalArgumentException thrownIn(int k) {
        return new IllegalArgumentException("in" + k);
    }

    /** Records a value the program computed. */
    public static synchronized void rec(Object value) {
        events.add(render(value));
    }

    /** Records a value yielded (called by the driver of the rewritten copy, and by {@link #yield(Object)}). */
    public static synchronized void yielded(Object value) {
        events.add("Y " + render(value));
    }

    /** The plain copy's yield. */
    @SuppressWarnings("unchecked")
    public static <T> T yield(Object value) {
        int k;
        synchronized (Twin.class) {
            yielded(value);
            k = count++;
        }
        if (k == throwAt) {
            throw thrownIn(k);
        }
        return (T) sent(k);
    }

    /** The plain copy's {@code Coroutines.yield()}: yields {@code null}. */
    public static <T> T yield() {
        return Twin.yield(null);
    }

    static String render(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    /** A resource of a try-with-resources statement: records its opening and its closing. */
    public static Res open(String name) {
        rec("open " + name);
        return new Res(name);
    }

    /** See {@link #open(String)}. */
    public static final class Res implements AutoCloseable {
        private final String name;

        Res(String name) {
            this.name = name;
        }

        public int size() {
            return name.length();
        }

        @Override
        public void close() {
            rec("close " + name);
        }
    }
}
