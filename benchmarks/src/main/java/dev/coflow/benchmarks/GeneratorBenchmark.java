package dev.coflow.benchmarks;

import static dev.coflow.benchmarks.SwitchBenchmark.LINES;
import static dev.coflow.benchmarks.SwitchBenchmark.PATTERN;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
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
 * Pulling values from a generator: one operation asks an endless generator of log lines for its
 * next line ({@code hasNext()} then {@code next()}, what a for-each loop does) and counts it when it
 * contains the pattern, the consumer's side of {@link SwitchBenchmark}'s grep step. Every generator
 * runs the same loop: yield {@code lines[next]}, advance {@code next} round the array.
 * <ul>
 *   <li>{@code handwritten}: the floor, that loop as a hand-written {@link Iterator} object;</li>
 *   <li>{@code coflow}: {@link Coroutines#generate} over a {@code @Coroutine} method;</li>
 *   <li>{@code kotlinIterator}, {@code kotlinSequence}: the Kotlin standard library's
 *       {@code iterator {}} and {@code sequence {}} builders (compiled by kotlinc in the
 *       {@code benchmarks-peers} module).</li>
 * </ul>
 * Quote results as ratios to {@code handwritten} from the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class GeneratorBenchmark {
    /** The floor: the lines, round and round, as a plain iterator object. */
    static final class LineCycle implements Iterator<String> {
        private final String[] lines;
        private int next;

        LineCycle(String[] lines) {
            this.lines = lines;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public String next() {
            String line = lines[next];
            next = next + 1 == lines.length ? 0 : next + 1;
            return line;
        }
    }

    /** The same loop as a coroutine: yields the lines, round and round. */
    @Coroutine
    static void cycle(String[] lines) {
        int next = 0;
        while (true) {
            String line = lines[next];
            next = next + 1 == lines.length ? 0 : next + 1;
            Coroutines.yield(line);
        }
    }

    /** An endless coflow generator of {@code lines}. */
    static Iterator<String> coflowCycle(String[] lines) {
        return Coroutines.<String>generate(() -> cycle(lines)).iterator();
    }

    private int count;
    private LineCycle handwritten;
    private Iterator<String> coflow;
    private Iterator<String> kotlinIterator;
    private Iterator<String> kotlinSequence;

    @Setup
    public void setUp() {
        handwritten = new LineCycle(LINES);
        coflow = coflowCycle(LINES);
        kotlinIterator = KotlinGenerators.cycleIterator(LINES);
        kotlinSequence = KotlinGenerators.cycleSequence(LINES).iterator();
    }

    @Benchmark
    public int handwritten() {
        if (!handwritten.hasNext()) {
            throw new NoSuchElementException();
        }
        if (handwritten.next().contains(PATTERN)) {
            count++;
        }
        return count;
    }

    @Benchmark
    public int coflow() {
        if (!coflow.hasNext()) {
            throw new NoSuchElementException();
        }
        if (coflow.next().contains(PATTERN)) {
            count++;
        }
        return count;
    }

    @Benchmark
    public int kotlinIterator() {
        if (!kotlinIterator.hasNext()) {
            throw new NoSuchElementException();
        }
        if (kotlinIterator.next().contains(PATTERN)) {
            count++;
        }
        return count;
    }

    @Benchmark
    public int kotlinSequence() {
        if (!kotlinSequence.hasNext()) {
            throw new NoSuchElementException();
        }
        if (kotlinSequence.next().contains(PATTERN)) {
            count++;
        }
        return count;
    }
}
