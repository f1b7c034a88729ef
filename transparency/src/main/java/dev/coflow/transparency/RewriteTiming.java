package dev.coflow.transparency;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.File;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * How long the rewriter takes over a whole library, as the agent would run it at class load ({@code suspendable=} the
 * library, no {@code verify}), in one JVM, pass after pass: the first pass is what a JVM that has just started pays
 * (the rewriter not compiled yet), the later ones what the rewriter costs once the JIT has compiled it. Every pass starts
 * with an empty class hierarchy, as a new class loader would. Nothing is loaded or written.
 *
 * <p>{@code java -cp … dev.coflow.transparency.RewriteTiming PREFIX PASSES}, e.g. {@code com/fasterxml/jackson/ 10}: the
 * classes of the class path's jars whose names start with {@code PREFIX}. Run by {@code transparency/rewrite-time}.
 */
public final class RewriteTiming {
    private RewriteTiming() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        int passes = Integer.parseInt(args[1]);
        List<byte[]> classes = new ArrayList<>();
        long bytes = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    String n = e.getName();
                    if (n.startsWith(prefix) && n.endsWith(".class") && !n.endsWith("module-info.class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.add(in.readAllBytes());
                        }
                        bytes += e.getSize();
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no class under " + prefix + " in the class path's jars");
        }
        List<Double> millis = new ArrayList<>();
        List<Double> cpuMillis = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rewritten = 0;
        for (int p = 0; p < passes; p++) {
            ClassHierarchy hierarchy = ClassHierarchy.of(RewriteTiming.class.getClassLoader(), n -> n.startsWith(prefix));
            ClassRewriter.Options options = new ClassRewriter.Options(false);
            rewritten = 0;
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (byte[] c : classes) {
                if (ClassRewriter.rewrite(c, hierarchy, options).bytes() != null) {
                    rewritten++;
                }
            }
            cpuMillis.add((threads.getCurrentThreadCpuTime() - cpuStart) / 1e6);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        double median = laterMedian(millis);
        System.out.printf(Locale.ROOT, "RESULT %s: %d classes (%d KB), %d rewritten; first pass %.0f ms (CPU of the thread %.0f ms),"
                + " median of the %d later passes %.0f ms (CPU %.0f ms), %.2f ms per class%n", prefix, classes.size(), bytes / 1024,
                rewritten, millis.get(0), cpuMillis.get(0), passes - 1, median, laterMedian(cpuMillis), median / classes.size());
    }

    /** The median of the passes after the first. */
    private static double laterMedian(List<Double> passes) {
        List<Double> later = new ArrayList<>(passes.subList(Math.min(1, passes.size() - 1), passes.size()));
        Collections.sort(later);
        return later.get(later.size() / 2);
    }
}
