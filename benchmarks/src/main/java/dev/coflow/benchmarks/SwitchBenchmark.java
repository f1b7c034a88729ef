package dev.coflow.benchmarks;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The notes' grep step: a consumer receives a short line and counts those that contain a pattern;
 * one operation hands a line in and gets control back. {@code handwritten} is the floor (the notes'
 * {@code GrepHandler} object), the baseline of every benchmark class of the suite that has no
 * {@code handwritten} of its own.
 *
 * <p>Depth N = N coroutine frames on the chain, the yielding one included (depth 1: the consumer's
 * loop yields itself). Each intermediate frame keeps a {@code long} and a reference live across its
 * call.
 * <ul>
 *   <li>{@code depthN}: the chain stands: the yielding loop stays N frames deep.</li>
 *   <li>{@code rebuiltDepthN}: the chain is torn down and rebuilt for every value: the body's loop
 *       calls N frames down, the innermost yields once and returns, every frame returns, and the
 *       loop calls down again before the next yield.</li>
 *   <li>{@code delegationDepthN}: N delegations with {@code Coroutines.yieldFrom}: N + 1 coroutines,
 *       each but the innermost suspended in {@code yieldFrom} of the next, the innermost running
 *       the grep loop; every value goes in through the outermost handle.</li>
 * </ul>
 * Quote results as ratios to {@code handwritten} from the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SwitchBenchmark {
    static final String[] LINES = {"INFO all good", "ERROR disk full", "DEBUG cache warm", "WARN slow query"};
    static final String PATTERN = "ERROR";

    /** The floor: the grep step as a plain object (Beazley's GrepHandler). */
    static final class GrepHandler {
        private final String pattern;
        int count;

        GrepHandler(String pattern) {
            this.pattern = pattern;
        }

        void send(String line) {
            if (line.contains(pattern)) {
                count++;
            }
        }
    }

    /** The same step as a coroutine. */
    static final class Counter {
        int count;

        /** Standing: the loop yields forever at its depth. */
        @Coroutine
        void grep(String pattern) {
            while (true) {
                String line = Coroutines.yield();
                if (line.contains(pattern)) {
                    count++;
                }
            }
        }

        /** Frame {@code depth} of a standing chain; frame 1 is {@link #grep}. */
        @Coroutine
        void down(int depth, String pattern) {
            long kept = depth;
            String also = pattern;
            if (depth <= 2) {
                grep(pattern);
            } else {
                down(depth - 1, pattern);
            }
            count += (int) kept + also.length();
        }

        /** Rebuilt: takes one line and returns. */
        @Coroutine
        void grepOnce(String pattern) {
            String line = Coroutines.yield();
            if (line.contains(pattern)) {
                count++;
            }
        }

        /** Frame {@code depth} of a chain that returns after each value; frame 1 is {@link #grepOnce}. */
        @Coroutine
        void downOnce(int depth, String pattern) {
            long kept = depth;
            String also = pattern;
            if (depth <= 2) {
                grepOnce(pattern);
            } else {
                downOnce(depth - 1, pattern);
            }
            count += (int) kept + also.length();
        }

        /** The body of a rebuilt chain: calls {@code depth} frames down again for every value. */
        @Coroutine
        void rebuilt(int depth, String pattern) {
            while (true) {
                if (depth == 1) {
                    grepOnce(pattern);
                } else {
                    downOnce(depth, pattern);
                }
            }
        }
    }

    /** A started coroutine whose yielding loop stands {@code depth} frames deep. */
    static CoroutineHandle<String, Object> standing(Counter counter, int depth) {
        return depth == 1 ? Coroutines.start(() -> counter.grep(PATTERN)) : Coroutines.start(() -> counter.down(depth, PATTERN));
    }

    /** Delegates, through {@code levels} coroutines in all, to a coroutine running the grep loop. */
    @Coroutine
    static Object delegating(int levels, Counter counter) {
        CoroutineHandle<String, Object> inner = levels == 1
                ? Coroutines.create(() -> counter.grep(PATTERN))
                : Coroutines.create(() -> delegating(levels - 1, counter));
        return Coroutines.yieldFrom(inner);
    }

    /** A started coroutine that reaches the grep loop through {@code depth} {@code yieldFrom} delegations. */
    static CoroutineHandle<String, Object> delegation(Counter counter, int depth) {
        return Coroutines.start(() -> delegating(depth, counter));
    }

    /** A started coroutine that rebuilds a chain {@code depth} frames deep for every value. */
    static CoroutineHandle<String, Object> rebuilt(Counter counter, int depth) {
        return Coroutines.start(() -> counter.rebuilt(depth, PATTERN));
    }

    private int next;
    private GrepHandler handler;
    private CoroutineHandle<String, Object> depth1;
    private CoroutineHandle<String, Object> depth10;
    private CoroutineHandle<String, Object> depth50;
    private CoroutineHandle<String, Object> rebuilt1;
    private CoroutineHandle<String, Object> rebuilt10;
    private CoroutineHandle<String, Object> rebuilt50;
    private CoroutineHandle<String, Object> delegation1;
    private CoroutineHandle<String, Object> delegation10;
    private CoroutineHandle<String, Object> delegation50;

    @Setup
    public void setUp() {
        handler = new GrepHandler(PATTERN);
        Counter counter = new Counter();
        depth1 = standing(counter, 1);
        depth10 = standing(counter, 10);
        depth50 = standing(counter, 50);
        rebuilt1 = rebuilt(counter, 1);
        rebuilt10 = rebuilt(counter, 10);
        rebuilt50 = rebuilt(counter, 50);
        delegation1 = delegation(counter, 1);
        delegation10 = delegation(counter, 10);
        delegation50 = delegation(counter, 50);
    }

    @Benchmark
    public int handwritten() {
        handler.send(LINES[next++ & 3]);
        return handler.count;
    }

    @Benchmark
    public Object depth1() {
        return depth1.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object depth10() {
        return depth10.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object depth50() {
        return depth50.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object rebuiltDepth1() {
        return rebuilt1.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object rebuiltDepth10() {
        return rebuilt10.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object rebuiltDepth50() {
        return rebuilt50.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object delegationDepth1() {
        return delegation1.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object delegationDepth10() {
        return delegation10.send(LINES[next++ & 3]);
    }

    @Benchmark
    public Object delegationDepth50() {
        return delegation50.send(LINES[next++ & 3]);
    }
}
