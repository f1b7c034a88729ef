package dev.coflow.benchmarks;

import static dev.coflow.benchmarks.SwitchBenchmark.LINES;
import static dev.coflow.benchmarks.SwitchBenchmark.PATTERN;

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
 * {@link SwitchBenchmark}'s grep step on Loom's internal {@code jdk.internal.vm.Continuation}
 * (JDK 21+, with {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}; the run scripts leave
 * this class out on older JDKs). One operation stores the line in a field and runs the continuation
 * to its next yield; the chains and depths are those of {@link SwitchBenchmark}: {@code loomDepthN}
 * standing, {@code loomRebuiltDepthN} rebuilt for every value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class LoomBenchmark {

    /** The consumer: plain methods that suspend with {@code Continuation.yield}. */
    static final class Counter {
        final Object scope;
        String line;
        int count;

        Counter(Object scope) {
            this.scope = scope;
        }

        void grep(String pattern) {
            while (true) {
                Loom.yield(scope);
                if (line.contains(pattern)) {
                    count++;
                }
            }
        }

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

        void grepOnce(String pattern) {
            Loom.yield(scope);
            if (line.contains(pattern)) {
                count++;
            }
        }

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

    /** A continuation and the consumer it runs, run to its first yield. */
    static final class Consumer {
        final Counter counter;
        final Object continuation;

        Consumer(Object scope, boolean standing, int depth) {
            counter = new Counter(scope);
            Runnable body;
            if (!standing) {
                body = () -> counter.rebuilt(depth, PATTERN);
            } else if (depth == 1) {
                body = () -> counter.grep(PATTERN);
            } else {
                body = () -> counter.down(depth, PATTERN);
            }
            continuation = Loom.continuation(scope, body);
            Loom.run(continuation);
            if (Loom.isDone(continuation)) {
                throw new IllegalStateException("continuation ended instead of yielding");
            }
        }

        int send(String line) {
            counter.line = line;
            Loom.run(continuation);
            return counter.count;
        }
    }

    private int next;
    private Consumer depth1;
    private Consumer depth10;
    private Consumer depth50;
    private Consumer rebuilt1;
    private Consumer rebuilt10;

    @Setup
    public void setUp() {
        Loom.requireContinuations();
        Object scope = Loom.scope("grep");
        depth1 = new Consumer(scope, true, 1);
        depth10 = new Consumer(scope, true, 10);
        depth50 = new Consumer(scope, true, 50);
        rebuilt1 = new Consumer(scope, false, 1);
        rebuilt10 = new Consumer(scope, false, 10);
    }

    @Benchmark
    public int loomDepth1() {
        return depth1.send(LINES[next++ & 3]);
    }

    @Benchmark
    public int loomDepth10() {
        return depth10.send(LINES[next++ & 3]);
    }

    @Benchmark
    public int loomDepth50() {
        return depth50.send(LINES[next++ & 3]);
    }

    @Benchmark
    public int loomRebuiltDepth1() {
        return rebuilt1.send(LINES[next++ & 3]);
    }

    @Benchmark
    public int loomRebuiltDepth10() {
        return rebuilt10.send(LINES[next++ & 3]);
    }
}
