package dev.coflow.loop.bench;

import dev.coflow.loop.Async;
import dev.coflow.loop.EventLoop;
import dev.coflow.loop.VirtualClock;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * 1,000,000 tasks (by default) each sleep until a random deadline within 10 s of loop time and record
 * the order they wake in; the run checks that deadlines fire in order, and never early, and reports
 * the cost per timer: spawning the task, its sleep, the timer heap, the wake-up and the finish. On the
 * virtual clock (the default) the loop never waits, so the elapsed time is all overhead; with
 * {@code --real} it runs on the system clock and also reports the lateness of each wake-up.
 *
 * <pre>
 * java -javaagent:instrument-agent/target/instrument-agent.jar -Xmx2g ... dev.coflow.loop.bench.TimerBenchmark 1000000 [--real]
 * </pre>
 */
public final class TimerBenchmark {
    private TimerBenchmark() {
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean real = args.length > 1 && args[1].equals("--real");
        long spanNanos = 10_000_000_000L;
        for (int round = 1; round <= 3; round++) {
            VirtualClock virtual = new VirtualClock();
            EventLoop.Builder builder = EventLoop.builder();
            if (!real) {
                builder.clock(virtual);
            }
            long[] fired = new long[count];
            long[] lateness = new long[1];
            int[] next = {0};
            long[] heapWithAllSleeping = new long[1];
            long[] excluded = new long[1];
            long gcBefore = gcMillis();
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long start = System.nanoTime();
            try (EventLoop loop = builder.build()) {
                loop.run(() -> {
                    SplittableRandom random = new SplittableRandom(42);
                    long base = Async.now();
                    for (int i = 0; i < count; i++) {
                        long deadline = base + random.nextLong(spanNanos);
                        Async.spawn(() -> {
                            Async.sleepUntil(deadline);
                            long now = Async.now();
                            if (now < deadline) {
                                throw new IllegalStateException("a timer fired early: " + now + " < " + deadline);
                            }
                            lateness[0] = Math.max(lateness[0], now - deadline);
                            fired[next[0]++] = deadline;
                            return null;
                        });
                    }
                    Async.yieldNow();  // every task has started and sleeps now
                    long gcPause = System.nanoTime();
                    System.gc();
                    heapWithAllSleeping[0] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    excluded[0] = System.nanoTime() - gcPause;  // the measuring GC is not the loop's cost
                    Async.sleepUntil(base + spanNanos);
                    return null;
                });
            }
            long elapsed = System.nanoTime() - start - excluded[0];
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
            long gc = gcMillis() - gcBefore - excluded[0] / 1_000_000;
            if (next[0] != count) {
                throw new IllegalStateException("only " + next[0] + " of " + count + " timers fired");
            }
            for (int i = 1; i < count; i++) {
                if (fired[i] < fired[i - 1]) {
                    throw new IllegalStateException("timers fired out of order at " + i + ": " + fired[i - 1] + " then " + fired[i]);
                }
            }
            System.out.println(String.format(Locale.ROOT, "round %d: %,d timers fired in deadline order on the %s clock in %.0f ms"
                    + " (loop thread CPU %.0f ms, GC %d ms): %.0f ns of loop-thread CPU per timer (spawn + sleep + fire + finish),"
                    + " %.0f ns of wall time; heap after a full GC with all sleeping %,d MB (%,d bytes per sleeping task)%s", round, count,
                    real ? "system" : "virtual", elapsed / 1e6, cpu / 1e6, gc, (double) cpu / count, (double) elapsed / count,
                    heapWithAllSleeping[0] >> 20, heapWithAllSleeping[0] / count,
                    real ? String.format(Locale.ROOT, ", latest wake-up %.1f ms after its deadline", lateness[0] / 1e6) : ""));
        }
    }
}
