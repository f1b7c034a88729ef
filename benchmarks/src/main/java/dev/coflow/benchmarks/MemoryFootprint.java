package dev.coflow.benchmarks;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;

/**
 * Retained heap per suspended coroutine: starts N coroutines of the grep step at a given depth
 * (each suspended at its first yield), and divides the growth of the used heap after full
 * collections by N. Run: {@code ./benchmarks/run-main MemoryFootprint [count] [depth...]}.
 */
public final class MemoryFootprint {
    private MemoryFootprint() {
    }

    static int count;

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
        if (depth <= 1) {
            grep(pattern);
        } else {
            down(depth - 1, pattern);
        }
        count += (int) kept + also.length();
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int[] depths = {1, 10};
        if (args.length > 1) {
            depths = new int[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                depths[i - 1] = Integer.parseInt(args[i]);
            }
        }
        for (int depth : depths) {
            Object[] keep = new Object[n];
            long before = usedAfterGc();
            for (int i = 0; i < n; i++) {
                int d = depth;
                keep[i] = depth == 1 ? Coroutines.start(() -> grep("ERROR")) : Coroutines.start(() -> down(d, "ERROR"));
            }
            long after = usedAfterGc();
            CoroutineHandle<?, ?> last = (CoroutineHandle<?, ?>) keep[n - 1];
            if (last.state() != CoroutineState.SUSPENDED) {
                throw new AssertionError("not suspended: " + last);
            }
            System.out.printf("depth %d: %d suspended coroutines, %.1f bytes each (heap used %d MB)%n",
                    depth, n, (after - before) / (double) n, after >> 20);
            keep = null;
        }
    }
}
