package dev.coflow.benchmarks;

import dev.coflow.peers.GrepStep;
import dev.coflow.peers.kilim.KilimGrep;
import dev.coflow.peers.kotlin.KotlinGrep;
import dev.coflow.peers.offbynull.OffbynullGrep;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Retained heap per suspended coroutine of the peers (see {@link PeerBenchmark}: Kilim, offbynull and
 * Kotlin's standard-library coroutines, standing chains): for each
 * system and depth, starts N grep steps, each run up to its first suspension, keeps them all
 * reachable, and divides the growth of the used heap (MemoryMXBean, after several full collections)
 * by N. Depth as in PeerBenchmark: 1 = the loop called by the entry method, 10 = through 10 standing
 * frames.
 *
 * <p>Prints one line per result, {@code memory system=kilim depth=1 n=1000000 bytesPerCoroutine=184.3},
 * and with {@code --json FILE} also writes them as a JSON array. Options: {@code --n N} (default
 * 1,000,000), {@code --json FILE}. Needs a heap of a few GB, e.g.
 * {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar dev.coflow.benchmarks.PeerMemory}.
 */
public final class PeerMemory {
    private PeerMemory() {
    }

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    record Result(String system, int depth, int n, double bytesPerCoroutine) {
        String line() {
            return String.format(Locale.ROOT, "memory system=%s depth=%d n=%d bytesPerCoroutine=%.1f",
                    system, depth, n, bytesPerCoroutine);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"system\":\"%s\",\"depth\":%d,\"n\":%d,\"bytesPerCoroutine\":%.1f}",
                    system, depth, n, bytesPerCoroutine);
        }
    }

    static Result measure(String system, int depth, int n, BiFunction<Integer, String, GrepStep> start)
            throws InterruptedException {
        GrepStep[] keep = new GrepStep[n];
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            keep[i] = start.apply(depth, "ERROR");
        }
        long after = usedAfterGc();
        // They are all suspended and still work: the last one counts a line it is handed.
        GrepStep last = keep[n - 1];
        last.send("ERROR one line");
        if (last.count() != 1) {
            throw new AssertionError(system + " depth " + depth + ": count " + last.count() + " after one ERROR line");
        }
        Reference.reachabilityFence(keep);
        return new Result(system, depth, n, (after - before) / (double) n);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int n = 1_000_000;
        String json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--json" -> json = args[++i];
                default -> throw new IllegalArgumentException("usage: PeerMemory [--n N] [--json FILE]; got " + args[i]);
            }
        }
        // Warm up: load and link every library's classes before the first baseline.
        measure("kilim", 10, 1000, KilimGrep::start);
        measure("offbynull", 10, 1000, OffbynullGrep::start);
        measure("kotlin", 10, 1000, KotlinGrep::start);

        List<Result> results = new ArrayList<>();
        for (int depth : new int[] {1, 10}) {
            results.add(measure("kilim", depth, n, KilimGrep::start));
            System.out.println(results.get(results.size() - 1).line());
            results.add(measure("offbynull", depth, n, OffbynullGrep::start));
            System.out.println(results.get(results.size() - 1).line());
            results.add(measure("kotlin", depth, n, KotlinGrep::start));
            System.out.println(results.get(results.size() - 1).line());
        }
        if (json != null) {
            StringBuilder out = new StringBuilder("[\n");
            for (int i = 0; i < results.size(); i++) {
                out.append("  ").append(results.get(i).json()).append(i + 1 < results.size() ? ",\n" : "\n");
            }
            out.append("]\n");
            Files.write(Paths.get(json), out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
