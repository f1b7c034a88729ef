package dev.coflow.benchmarks;

import static dev.coflow.benchmarks.SwitchBenchmark.LINES;
import static dev.coflow.benchmarks.SwitchBenchmark.PATTERN;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.Generator;
import dev.coflow.StopIteration;
import dev.coflow.peers.kotlin.KotlinGenerators;
import java.util.Iterator;
import java.util.NoSuchElementException;
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
 * A coroutine's whole life: one operation creates a coroutine, runs it over the four lines of
 * {@link SwitchBenchmark#LINES} and lets it end, the way a program that makes a short generator per
 * request or per record uses them (the other benchmarks keep one coroutine for millions of values).
 * Every operation counts the lines that contain the pattern, and returns that count (1).
 * <ul>
 *   <li>{@code handwritten}: the floor of the generators, a new iterator object over the array;</li>
 *   <li>{@code coflow}: {@link Coroutines#generate} of a {@code @Coroutine} method that yields each line and
 *       returns, drained by a for-each loop (it ends by returning);</li>
 *   <li>{@code coflowClosed}: an endless generator, four values taken, then {@link Generator#close()} (it ends by
 *       {@code GeneratorExit} raised at its yield);</li>
 *   <li>{@code kotlinIterator}: the Kotlin standard library's {@code iterator {}} yielding each line;</li>
 *   <li>{@code handwrittenSend}: the floor of the send side, a new grep object fed the four lines;</li>
 *   <li>{@code coflowSend}: {@link Coroutines#start} of a {@code @Coroutine} method that receives four lines and
 *       returns its count; the fourth {@code send} ends it, and {@link StopIteration#value()} is the count
 *       (Python's protocol);</li>
 *   <li>{@code handwrittenOne}, {@code coflowOne}, {@code kotlinOne}: the same as {@code handwritten}, {@code coflow} and
 *       {@code kotlinIterator} over one line, so that a life's fixed cost (made, started, ended) shows beside
 *       the cost of a value, which {@link GeneratorBenchmark} measures alone.</li>
 * </ul>
 * Quote results as ratios to the floor of the same run; {@code -prof gc} gives the bytes a life allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LifecycleBenchmark {
    /** The floor: the lines once, as a plain iterator object. */
    static final class Each implements Iterator<String> {
        private final String[] lines;
        private int next;

        Each(String[] lines) {
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            return next < lines.length;
        }

        @Override
        public String next() {
            if (next == lines.length) {
                throw new NoSuchElementException();
            }
            return lines[next++];
        }
    }

    /** The floor of the send side: counts the lines it is sent that contain the pattern. */
    static final class Grep {
        private final String pattern;
        private int count;

        Grep(String pattern) {
            this.pattern = pattern;
        }

        void send(String line) {
            if (line.contains(pattern)) {
                count++;
            }
        }
    }

    /** The one line of the {@code ...One} variants: it contains the pattern, so every variant counts 1. */
    static final String[] ONE = {LINES[1]};

    /** Yields each line once, then returns. */
    @Coroutine
    static void each(String[] lines) {
        for (String line : lines) {
            Coroutines.yield(line);
        }
    }

    /** Receives {@code n} lines and returns how many contain {@code pattern}. */
    @Coroutine
    static int grep(String pattern, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            String line = Coroutines.yield();
            if (line.contains(pattern)) {
                count++;
            }
        }
        return count;
    }

    private static int count(Iterator<String> lines) {
        int count = 0;
        while (lines.hasNext()) {
            if (lines.next().contains(PATTERN)) {
                count++;
            }
        }
        return count;
    }

    /** Every variant counts what the floor counts: a benchmark that does less work would measure nothing. */
    @Setup
    public void check() {
        int expected = handwritten();
        int[] counts = {coflow(), coflowClosed(), kotlinIterator(), handwrittenSend(), coflowSend(), handwrittenOne(),
                coflowOne(), kotlinOne()};
        for (int c : counts) {
            if (c != expected) {
                throw new AssertionError("a variant counted " + c + ", the floor " + expected);
            }
        }
        if (expected != 1) {
            throw new AssertionError("the floor counted " + expected + " of " + String.join(" | ", LINES));
        }
    }

    @Benchmark
    public int handwritten() {
        return count(new Each(LINES));
    }

    @Benchmark
    public int coflow() {
        int count = 0;
        for (String line : Coroutines.<String>generate(() -> each(LINES))) {
            if (line.contains(PATTERN)) {
                count++;
            }
        }
        return count;
    }

    @Benchmark
    public int coflowClosed() {
        Generator<String> lines = Coroutines.generate(() -> GeneratorBenchmark.cycle(LINES));
        int count = 0;
        Iterator<String> it = lines.iterator();
        for (int i = 0; i < LINES.length; i++) {
            if (it.next().contains(PATTERN)) {
                count++;
            }
        }
        lines.close();
        return count;
    }

    @Benchmark
    public int kotlinIterator() {
        return count(KotlinGenerators.eachIterator(LINES));
    }

    @Benchmark
    public int handwrittenSend() {
        Grep grep = new Grep(PATTERN);
        for (String line : LINES) {
            grep.send(line);
        }
        return grep.count;
    }

    @Benchmark
    public int coflowSend() {
        CoroutineHandle<String, Object> grep = Coroutines.start(() -> grep(PATTERN, LINES.length));
        for (int i = 0; i < LINES.length - 1; i++) {
            grep.send(LINES[i]);
        }
        try {
            grep.send(LINES[LINES.length - 1]);
        } catch (StopIteration stop) {
            return stop.<Integer>value();
        }
        throw new AssertionError("the coroutine did not end at its last line");
    }

    @Benchmark
    public int handwrittenOne() {
        return count(new Each(ONE));
    }

    @Benchmark
    public int coflowOne() {
        int count = 0;
        for (String line : Coroutines.<String>generate(() -> each(ONE))) {
            if (line.contains(PATTERN)) {
                count++;
            }
        }
        return count;
    }

    @Benchmark
    public int kotlinOne() {
        return count(KotlinGenerators.eachIterator(ONE));
    }
}
