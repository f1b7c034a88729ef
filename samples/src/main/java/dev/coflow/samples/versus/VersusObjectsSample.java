package dev.coflow.samples.versus;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code versus-objects [ITEMS [ROUNDS]]}: the notes' {@code GrepHandler} object against the
 * {@code grep} coroutine, on the same lines and the same target. The Python original:
 * <pre>
 * class GrepHandler(object):
 *     def __init__(self, pattern, target):
 *         self.pattern = pattern
 *         self.target = target
 *     def send(self, line):
 *         if self.pattern in line:
 *             self.target.send(line)
 *
 * &#64;coroutine
 * def grep(pattern, target):
 *     while True:
 *         line = (yield)
 *         if pattern in line:
 *             target.send(line)
 * </pre>
 * Each round pushes ITEMS lines into a fresh filter of each kind, whose matches go on to a coroutine
 * that counts them (Beazley's timing test used a null coroutine as the target the same way). Both
 * kinds run first for {@link #WARMUP_ROUNDS} unmeasured rounds, so the JIT has compiled both, then
 * alternate for ROUNDS measured rounds; the median round gives the time per line.
 */
public final class VersusObjectsSample implements Sample {
    static final int DEFAULT_ITEMS = 1_000_000;
    static final int DEFAULT_ROUNDS = 9;
    static final int WARMUP_ROUNDS = 5;
    static final String PATTERN = "python";
    /** The input, cycled: half the lines contain the pattern. */
    static final String[] LINES = {
        "python is nice",
        "ply is a parser",
        "pythonic code",
        "swig wraps C",
    };

    /** The object version: the pattern and the target are fields, read through {@code this} at each send. */
    static final class GrepHandler {
        private final String pattern;
        private final CoroutineHandle<String, ?> target;

        GrepHandler(String pattern, CoroutineHandle<String, ?> target) {
            this.pattern = pattern;
            this.target = target;
        }

        void send(String line) {
            if (line.contains(pattern)) {
                target.send(line);
            }
        }
    }

    /** The coroutine version: the pattern and the target are locals of a suspended body. */
    @Coroutine
    static void grep(String pattern, CoroutineHandle<String, ?> target) {
        while (true) {
            String line = Coroutines.yield();
            if (line.contains(pattern)) {
                target.send(line);
            }
        }
    }

    /** The common target: counts the lines it receives into {@code count[0]}. */
    @Coroutine
    static void counter(long[] count) {
        while (true) {
            Coroutines.yield();
            count[0]++;
        }
    }

    /** One round of the object version: nanoseconds for {@code items} lines; adds the matches to {@code matched}. */
    static long objectRound(int items, long[] matched) {
        CoroutineHandle<String, Object> target = Coroutines.start(() -> counter(matched));
        GrepHandler handler = new GrepHandler(PATTERN, target);
        long start = System.nanoTime();
        for (int i = 0; i < items; i++) {
            handler.send(LINES[i & 3]);
        }
        long elapsed = System.nanoTime() - start;
        target.close();
        return elapsed;
    }

    /** One round of the coroutine version: nanoseconds for {@code items} lines; adds the matches to {@code matched}. */
    static long coroutineRound(int items, long[] matched) {
        CoroutineHandle<String, Object> target = Coroutines.start(() -> counter(matched));
        CoroutineHandle<String, Object> grep = Coroutines.start(() -> grep(PATTERN, target));
        long start = System.nanoTime();
        for (int i = 0; i < items; i++) {
            grep.send(LINES[i & 3]);
        }
        long elapsed = System.nanoTime() - start;
        grep.close();
        target.close();
        return elapsed;
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    @Override
    public String name() {
        return "versus-objects";
    }

    @Override
    public String arguments() {
        return "[ITEMS [ROUNDS]]";
    }

    @Override
    public String summary() {
        return "the notes' GrepHandler object against the grep coroutine: time per line, median of ROUNDS";
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) {
        if (args.size() > 2) {
            throw new UsageException("too many arguments: " + args.subList(2, args.size()));
        }
        int items = args.size() >= 1 ? positive(args.get(0), "ITEMS") : DEFAULT_ITEMS;
        int rounds = args.size() == 2 ? positive(args.get(1), "ROUNDS") : DEFAULT_ROUNDS;
        long[] objectMatches = new long[1];
        long[] coroutineMatches = new long[1];
        for (int r = 0; r < WARMUP_ROUNDS; r++) {
            objectRound(items, objectMatches);
            coroutineRound(items, coroutineMatches);
        }
        long[] objectTimes = new long[rounds];
        long[] coroutineTimes = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            // Alternating, and swapping which goes first, so that drift in the machine's speed hits both alike.
            if (r % 2 == 0) {
                objectTimes[r] = objectRound(items, objectMatches);
                coroutineTimes[r] = coroutineRound(items, coroutineMatches);
            } else {
                coroutineTimes[r] = coroutineRound(items, coroutineMatches);
                objectTimes[r] = objectRound(items, objectMatches);
            }
        }
        if (objectMatches[0] != coroutineMatches[0]) {
            throw new IllegalStateException("the two versions passed on different numbers of lines: "
                    + objectMatches[0] + " and " + coroutineMatches[0]);
        }
        double object = Math.max(median(objectTimes), 1) / items;
        double coroutine = Math.max(median(coroutineTimes), 1) / items;
        out.println(String.format(Locale.ROOT, "%d lines per round, half of them containing \"%s\"; %d warm-up rounds, then the median of %d rounds",
                items, PATTERN, WARMUP_ROUNDS, rounds));
        out.println(String.format(Locale.ROOT, "GrepHandler object: %.1f ns per line", object));
        out.println(String.format(Locale.ROOT, "grep coroutine:     %.1f ns per line", coroutine));
        out.println(String.format(Locale.ROOT, "coroutine / object: %.2fx", coroutine / object));
    }

    private static int positive(String text, String what) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a whole number, not '" + text + "'");
        }
        if (value < 1) {
            throw new UsageException(what + " must be at least 1, not " + value);
        }
        return value;
    }
}
