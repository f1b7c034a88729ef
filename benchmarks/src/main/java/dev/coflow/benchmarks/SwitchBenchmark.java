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
 * {@code GrepHandler} object); {@code depthN} runs the same loop N coroutine frames below the body,
 * with the chain standing (the yielding loop stays at its depth). Each intermediate frame keeps a
 * {@code long} and a reference live across its call. Quote results as ratios to {@code handwritten}
 * from the same run.
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

        @Coroutine
        void grep(String pattern) {
            while (true) {
                String line = Coroutines.yield();
                if (line.contains(pattern)) {
                    count++;
                }
            }
        }

        @Coroutine
        void down(int depth, String pattern) {
            long kept = depth;
            String also = pattern;
            if (depth <= 1) {
                grep(pattern);
            } else {
                down(depth - 1, pattern);
            }
            count += (int) kept + also.length();
        }
    }

    private int next;
    private GrepHandler handler;
    private CoroutineHandle<String, Object> depth1;
    private CoroutineHandle<String, Object> depth10;
    private CoroutineHandle<String, Object> depth50;

    @Setup
    public void setUp() {
        handler = new GrepHandler(PATTERN);
        Counter counter = new Counter();
        depth1 = Coroutines.start(() -> counter.grep(PATTERN));
        depth10 = Coroutines.start(() -> counter.down(10, PATTERN));
        depth50 = Coroutines.start(() -> counter.down(50, PATTERN));
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
}
