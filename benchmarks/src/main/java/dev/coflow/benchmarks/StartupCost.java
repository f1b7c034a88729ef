package dev.coflow.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What the agent costs a program that has no coroutine: the time to load (define, without
 * initialising: {@code Class.forName(name, false, loader)}) every class of a large jar, in fresh
 * JVMs with the agent attached and without, alternating, several runs each; reports the medians and
 * the overhead in percent.
 *
 * <p>The overhead is the median, over the runs, of the ratio between the two JVMs of a run (one with
 * the agent, one without, started one after the other), minus one. It is taken on the CPU time the
 * whole JVM spends while the classes load (every thread: the loading thread, where the agent's
 * transformer runs, and the JIT compiler and GC threads that work for it), because on a shared
 * machine the wall time of a run swings by tens of percent with the other processes' load. The
 * loading thread's own CPU time and the wall time are reported beside it.
 *
 * <pre>
 * ./benchmarks/run-main StartupCost [--runs 7] [--json FILE] [--java-opts "..."] JAR...
 * </pre>
 * Every class of every JAR is loaded through one {@link URLClassLoader} over all of them (the first
 * JAR is the one timed; the others are the dependencies it needs to define its classes). The agent is
 * the one the JVM running this was started with ({@code -javaagent:...instrument-agent.jar}, which
 * {@code run-main} adds). Child JVMs use the same {@code java} and {@code --java-opts}.
 *
 * <p>{@code --json} writes {@code {"jar": ..., "classes": N, "runs": N, "withoutAgentCpuMs": [...],
 * "withAgentCpuMs": [...], "withoutAgentThreadCpuMs": [...], "withAgentThreadCpuMs": [...],
 * "withoutAgentMs": [...], "withAgentMs": [...], "medianWithoutCpuMs": x, "medianWithCpuMs": y,
 * "medianWithoutMs": x, "medianWithMs": y, "overheadPercent": z, "threadCpuOverheadPercent": t,
 * "wallOverheadPercent": w, "medianProcessWithoutMs": ..., "medianProcessWithMs": ..., "jdk": ...}}
 * ({@code CpuMs}: CPU time of the whole JVM during the loading loop; {@code ThreadCpuMs}: of the
 * loading thread; plain {@code Ms}: wall time of the loop; the {@code Process} figures are whole
 * child-JVM wall times, start-up of the agent itself included).
 */
public final class StartupCost {
    private StartupCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--load")) {
            load(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int runs = 7;
        Path json = null;
        String javaOpts = "";
        List<String> jars = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--json": json = Path.of(args[++i]); break;
                case "--java-opts": javaOpts = args[++i]; break;
                default:
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; usage: StartupCost [--runs N] [--json FILE] [--java-opts \"...\"] JAR...");
                    }
                    jars.add(Path.of(args[i]).toAbsolutePath().toString());
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("no jar given");
        }
        String agent = agentOption();
        double[] without = new double[runs];
        double[] with = new double[runs];
        double[] cpuWithout = new double[runs];
        double[] cpuWith = new double[runs];
        double[] threadWithout = new double[runs];
        double[] threadWith = new double[runs];
        double[] processWithout = new double[runs];
        double[] processWith = new double[runs];
        int classes = -1;
        for (int run = 0; run < runs; run++) {
            // Alternate which goes first, so that drifting machine load hits both alike.
            boolean agentFirst = run % 2 == 1;
            for (int k = 0; k < 2; k++) {
                boolean withAgent = agentFirst == (k == 0);
                long start = System.nanoTime();
                String[] result = child(withAgent ? agent : null, javaOpts, jars);
                double process = (System.nanoTime() - start) / 1e6;
                int loaded = Integer.parseInt(result[0]);
                if (classes >= 0 && loaded != classes) {
                    throw new IllegalStateException("runs loaded different numbers of classes: " + classes + " and " + loaded);
                }
                classes = loaded;
                double ms = Double.parseDouble(result[1]);
                double thread = Double.parseDouble(result[2]);
                double cpu = Double.parseDouble(result[3]);
                if (withAgent) {
                    with[run] = ms;
                    cpuWith[run] = cpu;
                    threadWith[run] = thread;
                    processWith[run] = process;
                } else {
                    without[run] = ms;
                    cpuWithout[run] = cpu;
                    threadWithout[run] = thread;
                    processWithout[run] = process;
                }
                System.out.printf(Locale.ROOT, "run %d %s agent: %d classes in %.1f ms, CPU %.1f ms (loading thread %.1f ms), process %.0f ms%n",
                        run + 1, withAgent ? "with" : "without", loaded, ms, cpu, thread, process);
            }
        }
        double medianWithout = median(without);
        double medianWith = median(with);
        double overhead = pairedOverhead(cpuWith, cpuWithout);
        double threadOverhead = pairedOverhead(threadWith, threadWithout);
        double wallOverhead = pairedOverhead(with, without);
        System.out.printf(Locale.ROOT, "%s: %d classes; CPU median %.1f ms without the agent, %.1f ms with it, paired overhead %+.1f%%"
                        + " (loading thread %+.1f%%; wall %.1f / %.1f ms, %+.1f%%)%n",
                Path.of(jars.get(0)).getFileName(), classes, median(cpuWithout), median(cpuWith), overhead,
                threadOverhead, medianWithout, medianWith, wallOverhead);
        if (json != null) {
            String text = String.format(Locale.ROOT,
                    "{\"jar\": \"%s\", \"classes\": %d, \"runs\": %d, \"withoutAgentCpuMs\": %s, \"withAgentCpuMs\": %s, "
                            + "\"withoutAgentThreadCpuMs\": %s, \"withAgentThreadCpuMs\": %s, \"threadCpuOverheadPercent\": %.2f, "
                            + "\"withoutAgentMs\": %s, \"withAgentMs\": %s, \"medianWithoutCpuMs\": %.2f, \"medianWithCpuMs\": %.2f, "
                            + "\"medianWithoutMs\": %.2f, \"medianWithMs\": %.2f, \"overheadPercent\": %.2f, \"wallOverheadPercent\": %.2f, "
                            + "\"medianProcessWithoutMs\": %.1f, \"medianProcessWithMs\": %.1f, \"jdk\": \"%s\"}%n",
                    Path.of(jars.get(0)).getFileName(), classes, runs, array(cpuWithout), array(cpuWith),
                    array(threadWithout), array(threadWith), threadOverhead, array(without),
                    array(with), median(cpuWithout), median(cpuWith), medianWithout, medianWith, overhead, wallOverhead,
                    median(processWithout), median(processWith), Runtime.version());
            Files.writeString(json, text, StandardCharsets.UTF_8);
        }
    }

    /** The {@code -javaagent:} option this JVM was started with. */
    private static String agentOption() {
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-javaagent:") && arg.contains("instrument-agent")) {
                return arg;
            }
        }
        throw new IllegalStateException("start StartupCost with the coflow agent (-javaagent:...instrument-agent.jar), e.g. through ./benchmarks/run-main");
    }

    /** Runs {@code StartupCost --load JARS} in a new JVM; returns {classes, wall, thread CPU, process CPU} (ms). */
    private static String[] child(String agent, String javaOpts, List<String> jars) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opt : javaOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        if (agent != null) {
            command.add(agent);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StartupCost.class.getName());
        command.add("--load");
        command.addAll(jars);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("child JVM failed: " + String.join(" ", command) + "\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("loaded ")) {
                String[] parts = line.strip().split(" ");
                return new String[] {parts[1], parts[2], parts[3], parts[4]};
            }
        }
        throw new IllegalStateException("child JVM printed no result:\n" + output);
    }

    /** In the child: defines every class of the first jar; prints "loaded CLASSES WALL_MS THREAD_CPU_MS PROCESS_CPU_MS". */
    private static void load(String[] jars) throws Exception {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(jars[0])) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")
                        && !name.endsWith("package-info.class")) {
                    names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = new File(jars[i]).toURI().toURL();
        }
        int loaded = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long startProcess = os.getProcessCpuTime();
        long startCpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                Class.forName(name, false, loader);
                loaded++;
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        double cpu = (threads.getCurrentThreadCpuTime() - startCpu) / 1e6;
        double process = (os.getProcessCpuTime() - startProcess) / 1e6;
        System.out.printf(Locale.ROOT, "loaded %d %.3f %.3f %.3f%n", loaded, ms, cpu, process);
    }

    /** The median of {@code with[i] / without[i]}, minus one, in percent. */
    static double pairedOverhead(double[] with, double[] without) {
        double[] ratios = new double[with.length];
        for (int i = 0; i < with.length; i++) {
            ratios[i] = with[i] / without[i];
        }
        return (median(ratios) - 1) * 100;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String array(double[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", values[i]));
        }
        return out.append(']').toString();
    }
}
