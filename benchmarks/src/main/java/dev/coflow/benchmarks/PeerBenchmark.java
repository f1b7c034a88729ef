package dev.coflow.benchmarks;

import static dev.coflow.benchmarks.SwitchBenchmark.LINES;
import static dev.coflow.benchmarks.SwitchBenchmark.PATTERN;

import dev.coflow.peers.kilim.KilimGrep;
import dev.coflow.peers.kilim.KilimRebuiltGrep;
import dev.coflow.peers.kotlin.KotlinGrep;
import dev.coflow.peers.kotlin.KotlinRebuiltGrep;
import dev.coflow.peers.offbynull.OffbynullGrep;
import dev.coflow.peers.offbynull.OffbynullRebuiltGrep;
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
 * {@link SwitchBenchmark}'s grep step on two peer libraries, woven at build time by the
 * {@code benchmarks-peers} module: Kilim 2.0.2 ({@code kilim.Continuation} + {@code Fiber.yield()})
 * and offbynull coroutines 1.5.3 ({@code CoroutineRunner} + {@code Continuation.suspend()}); and on
 * Kotlin's coroutines as the compiler and standard library give them, without kotlinx
 * ({@code createCoroutineUnintercepted}, {@code suspendCoroutineUninterceptedOrReturn}, compiled by
 * kotlinc in that module). One operation hands a line in and gets control back after the consumer
 * has counted it and suspended again. Neither Kilim nor offbynull has a typed send, so the line
 * travels through a field (Kilim) or the runner's context (offbynull); Kotlin resumes the captured
 * continuation with the line.
 *
 * <p>{@code xDepthN}: the same code shape as SwitchBenchmark: the entry method ({@code execute} /
 * {@code run(Continuation)}, the place of SwitchBenchmark's lambda) calls the yielding loop directly
 * (N = 1) or through N {@code down} frames that stay on the stack, each keeping a {@code long} and a
 * reference live across its call. {@code xRebuiltDepth10}: the loop is the entry method and calls a
 * chain of 10 frames per line; the innermost yields, and all of them return after the resume and
 * are called again before the next yield. {@code kotlinDepthN} and {@code kotlinRebuiltDepthN} run at
 * depth 1, 10 and 50 as SwitchBenchmark's chains do; Kotlin's standing depth N is N suspend frames,
 * the yielding loop included, as in SwitchBenchmark.
 *
 * <p>{@code handwritten} is the same floor as SwitchBenchmark's; quote results as ratios to it from
 * the same run. Needs no agent (the coflow agent, attached by {@code ./benchmarks/run}, leaves these
 * classes alone).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PeerBenchmark {
    private int next;
    private SwitchBenchmark.GrepHandler handler;
    private KilimGrep kilim1;
    private KilimGrep kilim10;
    private KilimGrep kilim50;
    private KilimRebuiltGrep kilimRebuilt10;
    private OffbynullGrep offbynull1;
    private OffbynullGrep offbynull10;
    private OffbynullGrep offbynull50;
    private OffbynullRebuiltGrep offbynullRebuilt10;
    private KotlinGrep kotlin1;
    private KotlinGrep kotlin10;
    private KotlinGrep kotlin50;
    private KotlinRebuiltGrep kotlinRebuilt1;
    private KotlinRebuiltGrep kotlinRebuilt10;
    private KotlinRebuiltGrep kotlinRebuilt50;

    @Setup
    public void setUp() {
        handler = new SwitchBenchmark.GrepHandler(PATTERN);
        kilim1 = KilimGrep.start(1, PATTERN);
        kilim10 = KilimGrep.start(10, PATTERN);
        kilim50 = KilimGrep.start(50, PATTERN);
        kilimRebuilt10 = KilimRebuiltGrep.start(10, PATTERN);
        offbynull1 = OffbynullGrep.start(1, PATTERN);
        offbynull10 = OffbynullGrep.start(10, PATTERN);
        offbynull50 = OffbynullGrep.start(50, PATTERN);
        offbynullRebuilt10 = OffbynullRebuiltGrep.start(10, PATTERN);
        kotlin1 = KotlinGrep.start(1, PATTERN);
        kotlin10 = KotlinGrep.start(10, PATTERN);
        kotlin50 = KotlinGrep.start(50, PATTERN);
        kotlinRebuilt1 = KotlinRebuiltGrep.start(1, PATTERN);
        kotlinRebuilt10 = KotlinRebuiltGrep.start(10, PATTERN);
        kotlinRebuilt50 = KotlinRebuiltGrep.start(50, PATTERN);
    }

    @Benchmark
    public int handwritten() {
        handler.send(LINES[next++ & 3]);
        return handler.count;
    }

    @Benchmark
    public int kilimDepth1() {
        kilim1.send(LINES[next++ & 3]);
        return kilim1.count();
    }

    @Benchmark
    public int kilimDepth10() {
        kilim10.send(LINES[next++ & 3]);
        return kilim10.count();
    }

    @Benchmark
    public int kilimDepth50() {
        kilim50.send(LINES[next++ & 3]);
        return kilim50.count();
    }

    @Benchmark
    public int kilimRebuiltDepth10() {
        kilimRebuilt10.send(LINES[next++ & 3]);
        return kilimRebuilt10.count();
    }

    @Benchmark
    public int offbynullDepth1() {
        offbynull1.send(LINES[next++ & 3]);
        return offbynull1.count();
    }

    @Benchmark
    public int offbynullDepth10() {
        offbynull10.send(LINES[next++ & 3]);
        return offbynull10.count();
    }

    @Benchmark
    public int offbynullDepth50() {
        offbynull50.send(LINES[next++ & 3]);
        return offbynull50.count();
    }

    @Benchmark
    public int offbynullRebuiltDepth10() {
        offbynullRebuilt10.send(LINES[next++ & 3]);
        return offbynullRebuilt10.count();
    }

    @Benchmark
    public int kotlinDepth1() {
        kotlin1.send(LINES[next++ & 3]);
        return kotlin1.count();
    }

    @Benchmark
    public int kotlinDepth10() {
        kotlin10.send(LINES[next++ & 3]);
        return kotlin10.count();
    }

    @Benchmark
    public int kotlinDepth50() {
        kotlin50.send(LINES[next++ & 3]);
        return kotlin50.count();
    }

    @Benchmark
    public int kotlinRebuiltDepth1() {
        kotlinRebuilt1.send(LINES[next++ & 3]);
        return kotlinRebuilt1.count();
    }

    @Benchmark
    public int kotlinRebuiltDepth10() {
        kotlinRebuilt10.send(LINES[next++ & 3]);
        return kotlinRebuilt10.count();
    }

    @Benchmark
    public int kotlinRebuiltDepth50() {
        kotlinRebuilt50.send(LINES[next++ & 3]);
        return kotlinRebuilt50.count();
    }
}
