package dev.coflow.benchmarks;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.peers.kotlin.KotlinGrep;
import dev.coflow.peers.kotlin.KotlinOthers;
import dev.coflow.peers.kotlin.KotlinRebuiltGrep;
import java.util.ArrayList;
import java.util.List;
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
 * {@link SwitchBenchmark}'s standing and rebuilt chains in a JVM that has run other coroutines first,
 * as any real program has: before the measurement, {@link #setUp} drives coroutines of
 * {@value #OTHER_METHODS} other methods, so that the runtime's one call site that resumes a frame
 * has met many methods and the JIT compiles it as a megamorphic call. In {@code SwitchBenchmark}
 * each fork runs one benchmark, so that site sees only that benchmark's few methods and is inlined;
 * this is the same work where it cannot be.
 *
 * <p>{@code kotlin*}: {@code PeerBenchmark}'s Kotlin chains (the standard library's intrinsics) after the
 * same kind of set-up on Kotlin's side: coroutines of {@value #OTHER_METHODS} other suspend functions
 * and a rebuilt one ({@link KotlinOthers}), so that the standard library's one call site that resumes a
 * frame ({@code BaseContinuationImpl.resumeWith} calling {@code invokeSuspend}) is megamorphic too: the
 * like-for-like comparison with coflow's rows here. Every trial drives both set-ups; quote results as
 * ratios to {@code handwritten} of the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MixedSwitchBenchmark {
    static final int OTHER_METHODS = 8;
    /** Switches of the other coroutines, interleaved, before the JIT compiles the trampoline. */
    static final int WARM_SWITCHES = 200_000;

    /** Eight coroutine methods: the same loop, each its own method and so its own resume point. */
    static final class Others {
        long sum;

        @Coroutine
        void m0() {
            while (true) {
                sum += Coroutines.<Integer>yield();
            }
        }

        @Coroutine
        void m1() {
            while (true) {
                sum += Coroutines.<Integer>yield() + 1;
            }
        }

        @Coroutine
        void m2() {
            while (true) {
                sum += Coroutines.<Integer>yield() + 2;
            }
        }

        @Coroutine
        void m3() {
            while (true) {
                sum += Coroutines.<Integer>yield() + 3;
            }
        }

        @Coroutine
        void m4() {
            while (true) {
                sum += Coroutines.<Integer>yield() + 4;
            }
        }

        @Coroutine
        void m5() {
            while (true) {
                sum += Coroutines.<Integer>yield() + 5;
            }
        }

        @Coroutine
        void m6() {
            while (true) {
                sum += Coroutines.<Integer>yield() + 6;
            }
        }

        @Coroutine
        void m7() {
            while (true) {
                sum += Coroutines.<Integer>yield() + 7;
            }
        }

        /** A helper called per value, as in a rebuilt chain: its frame finishes on each resume. */
        @Coroutine
        int once(int k) {
            return Coroutines.<Integer>yield() + k;
        }

        @Coroutine
        void rebuiltOthers(int k) {
            while (true) {
                sum += once(k);
            }
        }
    }

    private int next;
    private SwitchBenchmark.GrepHandler handler;
    private CoroutineHandle<String, Object> depth1;
    private CoroutineHandle<String, Object> rebuilt1;
    private CoroutineHandle<String, Object> rebuilt10;
    private KotlinGrep kotlin1;
    private KotlinRebuiltGrep kotlinRebuilt1;
    private KotlinRebuiltGrep kotlinRebuilt10;

    @Setup
    public void setUp() {
        Others others = new Others();
        List<CoroutineHandle<Integer, Object>> warm = new ArrayList<>();
        warm.add(Coroutines.start(others::m0));
        warm.add(Coroutines.start(others::m1));
        warm.add(Coroutines.start(others::m2));
        warm.add(Coroutines.start(others::m3));
        warm.add(Coroutines.start(others::m4));
        warm.add(Coroutines.start(others::m5));
        warm.add(Coroutines.start(others::m6));
        warm.add(Coroutines.start(others::m7));
        warm.add(Coroutines.start(() -> others.rebuiltOthers(1)));
        for (int i = 0; i < WARM_SWITCHES; i++) {
            warm.get(i % warm.size()).send(i);
        }
        if (others.sum == 0) {
            throw new AssertionError("the other coroutines did not run");
        }
        List<KotlinOthers> kotlinOthers = KotlinOthers.all();
        for (int i = 0; i < WARM_SWITCHES; i++) {
            kotlinOthers.get(i % kotlinOthers.size()).send(i);
        }
        if (kotlinOthers.stream().mapToLong(KotlinOthers::getSum).sum() == 0) {
            throw new AssertionError("the other Kotlin coroutines did not run");
        }
        handler = new SwitchBenchmark.GrepHandler(SwitchBenchmark.PATTERN);
        SwitchBenchmark.Counter counter = new SwitchBenchmark.Counter();
        depth1 = SwitchBenchmark.standing(counter, 1);
        rebuilt1 = SwitchBenchmark.rebuilt(counter, 1);
        rebuilt10 = SwitchBenchmark.rebuilt(counter, 10);
        kotlin1 = KotlinGrep.start(1, SwitchBenchmark.PATTERN);
        kotlinRebuilt1 = KotlinRebuiltGrep.start(1, SwitchBenchmark.PATTERN);
        kotlinRebuilt10 = KotlinRebuiltGrep.start(10, SwitchBenchmark.PATTERN);
    }

    @Benchmark
    public int handwritten() {
        handler.send(SwitchBenchmark.LINES[next++ & 3]);
        return handler.count;
    }

    @Benchmark
    public Object depth1() {
        return depth1.send(SwitchBenchmark.LINES[next++ & 3]);
    }

    @Benchmark
    public Object rebuiltDepth1() {
        return rebuilt1.send(SwitchBenchmark.LINES[next++ & 3]);
    }

    @Benchmark
    public Object rebuiltDepth10() {
        return rebuilt10.send(SwitchBenchmark.LINES[next++ & 3]);
    }

    @Benchmark
    public int kotlinDepth1() {
        kotlin1.send(SwitchBenchmark.LINES[next++ & 3]);
        return kotlin1.count();
    }

    @Benchmark
    public int kotlinRebuiltDepth1() {
        kotlinRebuilt1.send(SwitchBenchmark.LINES[next++ & 3]);
        return kotlinRebuilt1.count();
    }

    @Benchmark
    public int kotlinRebuiltDepth10() {
        kotlinRebuilt10.send(SwitchBenchmark.LINES[next++ & 3]);
        return kotlinRebuilt10.count();
    }
}
