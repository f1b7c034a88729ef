package dev.coflow.transparency;

import java.util.Arrays;
import java.util.Locale;

/**
 * Times the parts of a {@link SteadyState} workload one by one ({@link GuavaParts}, {@link JacksonParts}): after a
 * warm-up of every part, ROUNDS rounds of 20,000 calls of each, and per part the best and the median round, in ns a
 * call, and the bytes a call allocated. A run with the agent and one without then show which calls a suspendable library makes slower.
 */
final class Parts {
    private Parts() {
    }

    /** One call of part {@code part}; {@code i} counts the calls (a part picks its input from it). */
    interface Runner {
        void run(int part, int i) throws Exception;
    }

    /** {@code args}: ROUNDS WARMUP_SECONDS [PART]. */
    static void time(String[] names, Runner runner, String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        long warmUpSeconds = Long.parseLong(args[1]);
        int only = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        long end = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (int part = 0; part < names.length; part++) {
                for (int i = 0; (only < 0 || part == only) && i < 2000; i++) {
                    runner.run(part, i);
                }
            }
        }
        int calls = 20_000;
        double[][] perCall = new double[names.length][rounds];
        long[] allocated = new long[names.length];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (int part = 0; part < names.length; part++) {
                if (only >= 0 && part != only) {
                    continue;
                }
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    runner.run(part, i);
                }
                perCall[part][r] = (System.nanoTime() - t0) / (double) calls;
                allocated[part] += threads.getCurrentThreadAllocatedBytes() - a0;
            }
        }
        for (int part = 0; part < names.length; part++) {
            if (only >= 0 && part != only) {
                continue;
            }
            double[] t = perCall[part].clone();
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "PART %d %-21s best=%.1f median=%.1f ns, %.0f B a call%n", part, names[part], t[0],
                    t[t.length / 2], allocated[part] / (double) calls / rounds);
        }
    }
}
