package dev.coflow.benchmarks;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Retained heap per suspended coroutine: creates N coroutines of the grep step suspended at a given
 * depth (the yielding frame N frames down, as in {@link SwitchBenchmark}) and divides the growth of
 * the used heap (after several full collections, {@link MemoryMXBean}) by N. All of them stay
 * reachable until the second measurement.
 *
 * <pre>
 * ./benchmarks/run-main MemoryFootprint [--system coflow|loom|vthread] [--count N] [--depths 1,10] [--json FILE]
 * </pre>
 * <ul>
 *   <li>{@code coflow}: {@code Coroutines.start}, suspended at its first yield.</li>
 *   <li>{@code loom} (JDK 21+): {@code jdk.internal.vm.Continuation}, run to its first yield.</li>
 *   <li>{@code vthread} (JDK 21+): a started virtual thread parked with {@link LockSupport#park()}.</li>
 * </ul>
 * Every system's body is a new lambda capturing the depth (16 bytes, counted in).
 *
 * <p>{@code --json} writes a JSON array with one object per depth, the shape that
 * {@link BenchReport} reads from every {@code memory-*.json} of a results directory:
 * {@code {"system": "coflow", "depth": 1, "count": 1000000, "bytesPerCoroutine": 184.2,
 * "heapUsedBytes": 123456789, "jdk": "17.0.15"}} ({@code heapUsedBytes}: the whole used heap with all
 * of them alive).
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    static int count;
    static volatile String sink;
    /** Ends the waiting loops of {@link #plainDown} (virtual threads are ended between depths). */
    static volatile boolean stopped;

    // ---- coflow

    @Coroutine
    static void grep(String pattern) {
        while (true) {
            String line = Coroutines.yield();
            if (line.contains(pattern)) {
                count++;
            }
        }
    }

    @Coroutine
    static void down(int depth, String pattern) {
        long kept = depth;
        String also = pattern;
        if (depth <= 2) {
            grep(pattern);
        } else {
            down(depth - 1, pattern);
        }
        count += (int) kept + also.length();
    }

    // ---- Loom's continuation and virtual threads: the same chain of plain methods

    /** A chain of {@code depth} frames whose innermost one waits with {@code wait} until {@link #stopped}. */
    static void plainDown(int depth, String pattern, Runnable wait) {
        long kept = depth;
        String also = pattern;
        if (depth <= 1) {
            while (!stopped) {
                wait.run();
                if (sink != null && sink.contains(pattern)) {
                    count++;
                }
            }
            return;
        }
        plainDown(depth - 1, pattern, wait);
        count += (int) kept + also.length();
    }

    /** Creates {@code n} suspended coroutines of {@code system} at {@code depth} into {@code keep}. */
    private static void create(String system, int depth, Object[] keep) {
        int n = keep.length;
        switch (system) {
            case "coflow":
                for (int i = 0; i < n; i++) {
                    // the body lambdas only forward, so they keep no frame: depth N is N frames
                    keep[i] = depth == 1 ? Coroutines.start(() -> grep("ERROR")) : Coroutines.start(() -> down(depth, "ERROR"));
                }
                CoroutineHandle<?, ?> last = (CoroutineHandle<?, ?>) keep[n - 1];
                if (last.state() != CoroutineState.SUSPENDED) {
                    throw new AssertionError("not suspended: " + last);
                }
                break;
            case "loom": {
                Object scope = Loom.scope("grep");
                Runnable yield = () -> Loom.yield(scope);
                for (int i = 0; i < n; i++) {
                    Object continuation = Loom.continuation(scope, () -> plainDown(depth, "ERROR", yield));
                    Loom.run(continuation);
                    keep[i] = continuation;
                }
                if (Loom.isDone(keep[n - 1])) {
                    throw new AssertionError("continuation ended instead of yielding");
                }
                break;
            }
            case "vthread": {
                CountDownLatch parked = new CountDownLatch(n);
                Runnable park = () -> {
                    parked.countDown();
                    LockSupport.park();
                };
                for (int i = 0; i < n; i++) {
                    Thread thread = Loom.virtualThread(() -> plainDown(depth, "ERROR", park));
                    thread.start();
                    keep[i] = thread;
                }
                try {
                    parked.await();
                    // countDown comes just before park: wait until each one really is parked.
                    for (Object t : keep) {
                        while (((Thread) t).getState() != Thread.State.WAITING) {
                            Thread.sleep(1);
                        }
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown system " + system + " (coflow, loom, vthread)");
        }
    }

    /** Used heap after repeated full collections: the lowest of several readings. */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    public static void main(String[] args) throws IOException {
        String system = "coflow";
        int n = 1_000_000;
        String depths = "1,10";
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--system": system = args[++i]; break;
                case "--count": n = Integer.parseInt(args[++i].replace("_", "")); break;
                case "--depths": depths = args[++i]; break;
                case "--json": json = Path.of(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: MemoryFootprint [--system coflow|loom|vthread] [--count N] [--depths 1,10] [--json FILE]");
            }
        }
        String jdk = Runtime.version().toString();
        List<String> records = new ArrayList<>();
        for (String d : depths.split(",")) {
            int depth = Integer.parseInt(d.strip());
            Object[] keep = new Object[n];
            long before = usedAfterGc();
            create(system, depth, keep);
            long after = usedAfterGc();
            double each = (after - before) / (double) n;
            Reference.reachabilityFence(keep);
            System.out.printf(Locale.ROOT, "%s depth %d: %d suspended, %.1f bytes each (heap used %d MB)%n",
                    system, depth, n, each, after >> 20);
            records.add(String.format(Locale.ROOT,
                    "  {\"system\": \"%s\", \"depth\": %d, \"count\": %d, \"bytesPerCoroutine\": %.1f, \"heapUsedBytes\": %d, \"jdk\": \"%s\"}",
                    system, depth, n, each, after, jdk));
            if (system.equals("vthread")) {
                stopped = true;
                for (Object t : keep) {
                    LockSupport.unpark((Thread) t);
                }
                try {
                    for (Object t : keep) {
                        ((Thread) t).join();
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                stopped = false;
            }
            keep = null;
        }
        if (json != null) {
            Files.writeString(json, "[\n" + String.join(",\n", records) + "\n]\n", StandardCharsets.UTF_8);
        }
    }
}
