package dev.coflow.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Turns the results directories that {@code ./benchmarks/run-all} writes into one markdown report
 * (a column group per directory, typically a JDK 17 run and a JDK 25 run) and a chart (PNG).
 *
 * <pre>
 * ./benchmarks/report [--md FILE] [--png FILE] [--readme README.md] DIR...
 * </pre>
 *
 * <p>What it reads from each DIR, and the conventions that let new benchmarks (the peers' among
 * them) appear without changing this class:
 * <ul>
 *   <li>{@code jmh*.json}: JMH {@code -rf json} results. Each benchmark is named by its class's
 *       simple name and method. A method named {@code <system>Depth<N>} is system {@code <system>}
 *       with its chain standing at depth N, {@code <system>RebuiltDepth<N>} the same with the chain
 *       rebuilt for every value; with no prefix ({@code depth10}, {@code rebuiltDepth10}) the system
 *       is coflow. So {@code PeerBenchmark.kilimDepth1}, {@code PeerBenchmark.offbynullRebuiltDepth10}
 *       and {@code PeerBenchmark.kotlinDepth50} become lines "Kilim", "offbynull" and "Kotlin" in the
 *       table and the chart; {@code SwitchBenchmark.delegationDepth10} is coflow's line of chains of
 *       {@code yieldFrom} delegations. {@code GeneratorBenchmark}'s methods (pulling values from a generator)
 *       are rows of a group of their own, its {@code handwritten} included, and so are {@code LifecycleBenchmark}'s
 *       (a coroutine's whole life). Every other method is a
 *       row of its own. A benchmark is divided by the {@code handwritten} of its own class in the same
 *       file (a method named {@code ...One} by its class's {@code handwrittenOne}: {@link #floorKey}), else
 *       by {@code SwitchBenchmark.handwritten} of that file, else by the directory's first {@code handwritten}
 *       (so a peer run saved as {@code jmh-peers.json} beside {@code jmh.json} works with or without a
 *       baseline of its own). {@code gc.alloc.rate.norm}
 *       (from {@code -prof gc}) gives the bytes per operation. The table shows JMH's score, the mean
 *       over all forks; {@code primaryMetric.rawData} (one array of iteration values per fork) gives
 *       each fork's mean, and a section "Spread across forks" lists, per directory, the benchmarks
 *       whose slowest fork is more than {@link #SPREAD_LIMIT} times their fastest.</li>
 *   <li>{@code memory-*.json}: arrays of {@code {"system", "depth", "count", "bytesPerCoroutine",
 *       "heapUsedBytes"}} objects (see {@link MemoryFootprint}; {@code "n"} is taken for
 *       {@code "count"}, and {@code heapUsedBytes} may be left out); {@code system} is a line of its
 *       own, e.g. {@code "kilim"}. Runs of 10,000,000 or more are reported as heap used.</li>
 *   <li>{@code startup*.json}: {@link StartupCost}'s result.</li>
 *   <li>{@code cpython*.json}: {@code benchmarks-peers/python/grep_send.py}'s result, the grep step on
 *       CPython's generators: {@code {"implementation", "version", "results": [{"name", "ns",
 *       "ratio"}]}}, names as in SwitchBenchmark ({@code handwritten}, {@code depth1},
 *       {@code rebuiltDepth10}, ...), ratios to its own Python floor. It is a reference, not a JVM
 *       peer: one row of the time table (depth 1), one sentence with the other shapes, and one
 *       flat reference line in the chart, each saying so.</li>
 *   <li>{@code env.json}: {@code {"date", "cpu", "cores", "mode", "java", "loadStart", "loadEnd"}},
 *       written by run-all (the load averages tell how busy the machine was).</li>
 * </ul>
 * {@code --readme} replaces the text between {@code <!-- benchmark-results:begin -->} and
 * {@code <!-- benchmark-results:end -->} with the markdown report.
 */
public final class BenchReport {
    private BenchReport() {
    }

    static final String BEGIN = "<!-- benchmark-results:begin -->";
    static final String END = "<!-- benchmark-results:end -->";
    private static final Pattern DEPTH = Pattern.compile("^(.*?)(rebuilt|Rebuilt)?(depth|Depth)(\\d+)$");

    /**
     * A benchmark's forks (each a fresh JVM): how many, and the means of the fastest and the slowest
     * (in ns, from JMH's {@code rawData}: one array of iteration values per fork). Without
     * {@code rawData}, the count is JMH's {@code forks} setting and the means are NaN.
     */
    record Forks(int count, double fastest, double slowest) {
        /** The slowest fork's mean over the fastest's: 1 when the forks agree. */
        double spread() {
            return slowest / fastest;
        }
    }

    /** What a benchmark is divided by: a {@code handwritten}'s mean over all forks, and its forks. */
    record Floor(double ns, Forks forks) {
        static final Floor NONE = new Floor(Double.NaN, new Forks(0, Double.NaN, Double.NaN));
    }

    /** One JMH benchmark's result: the mean over all its forks and JMH's error of it, in ns. */
    record Score(double ns, double error, double bytesPerOp, Forks forks, Floor floor) {
        double ratio() {
            return ns / floor.ns;
        }
    }

    /**
     * A benchmark is listed under "Spread across forks" when its slowest fork's mean is more than this
     * many times its fastest's: a mean over forks hides a benchmark that runs in one of two speeds
     * depending on the JVM (on JDK 17 coflow's depth 1 has been seen at 8 ns in some forks and 12 ns
     * in others, and the floor at 5.5 or 9 ns), and noise between forks stays under this.
     */
    static final double SPREAD_LIMIT = 1.25;

    /** What a benchmark name means. */
    record Kind(int group, String system, boolean rebuilt, int depth, String label) {
    }

    record Memory(String system, int depth, long count, double bytesEach, long heapUsed) {
    }

    /** One results directory: one JDK's run. */
    static final class Run {
        final Path dir;
        final Map<String, Score> scores = new LinkedHashMap<>();
        final List<Memory> memory = new ArrayList<>();
        Object startup;
        Object cpython;
        Object env;
        String jdk = "?";
        String settings = "";

        Run(Path dir) {
            this.dir = dir;
        }

        String label() {
            return "JDK " + jdk;
        }

        Score score(String name) {
            return scores.get(name);
        }

        /**
         * The run of {@code system} at {@code depth}: with {@code large}, the one of 10,000,000 or
         * more; otherwise the largest count below that.
         */
        Memory memory(String system, int depth, boolean large) {
            Memory found = null;
            for (Memory m : memory) {
                if (m.system.equals(system) && m.depth == depth && (m.count >= LARGE) == large
                        && (found == null || m.count > found.count)) {
                    found = m;
                }
            }
            return found;
        }
    }

    /** Runs of at least this many coroutines are the "how much heap for ten million" line. */
    static final long LARGE = 10_000_000;

    public static void main(String[] args) throws IOException {
        Path md = null;
        Path png = null;
        Path readme = null;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--md": md = Path.of(args[++i]); break;
                case "--png": png = Path.of(args[++i]); break;
                case "--readme": readme = Path.of(args[++i]); break;
                default:
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; usage: BenchReport [--md FILE] [--png FILE] [--readme README.md] DIR...");
                    }
                    dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no results directory given");
        }
        List<Run> runs = new ArrayList<>();
        for (Path dir : dirs) {
            runs.add(read(dir));
        }
        String markdown = markdown(runs, png == null ? null : link(md, png));
        if (md != null) {
            Files.writeString(md, markdown, StandardCharsets.UTF_8);
            System.out.println("wrote " + md);
        } else {
            System.out.print(markdown);
        }
        if (png != null) {
            ImageIO.write(chart(runs), "png", png.toFile());
            System.out.println("wrote " + png);
        }
        if (readme != null) {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException(readme + " has no " + BEGIN + " ... " + END + " section");
            }
            text = text.substring(0, begin + BEGIN.length()) + "\n" + markdown(runs, png == null ? null : link(readme, png))
                    + text.substring(end);
            Files.writeString(readme, text, StandardCharsets.UTF_8);
            System.out.println("updated " + readme);
        }
    }

    // ------------------------------------------------------------------ reading

    private static List<Path> files(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(out::add);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static Object json(Path file) throws IOException {
        return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Run read(Path dir) throws IOException {
        Run run = new Run(dir);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        // Baselines: a benchmark is divided by the handwritten of its own class in the same file,
        // else SwitchBenchmark's in the same file, else the first handwritten of the directory.
        List<List<?>> jmhFiles = new ArrayList<>();
        List<Map<String, Floor>> baselines = new ArrayList<>();
        Floor dirBaseline = Floor.NONE;
        for (Path file : files(dir, "jmh*.json")) {
            List<?> results = (List<?>) json(file);
            Map<String, Floor> byClass = new LinkedHashMap<>();
            for (Object r : results) {
                String name = shortName(r);
                if (name.endsWith(".handwritten") || name.endsWith(".handwrittenOne")) {
                    byClass.put(floorKey(name), new Floor(ns(r, "score"), forks(r)));
                }
            }
            if (dirBaseline == Floor.NONE && !byClass.isEmpty()) {
                dirBaseline = byClass.getOrDefault("SwitchBenchmark", byClass.values().iterator().next());
            }
            jmhFiles.add(results);
            baselines.add(byClass);
        }
        for (int f = 0; f < jmhFiles.size(); f++) {
            Map<String, Floor> byClass = baselines.get(f);
            Floor fileBaseline = byClass.getOrDefault("SwitchBenchmark",
                    byClass.isEmpty() ? dirBaseline : byClass.values().iterator().next());
            for (Object r : jmhFiles.get(f)) {
                String name = shortName(r);
                Floor classFloor = byClass.getOrDefault(name.substring(0, name.indexOf('.')), fileBaseline);
                Floor baseline = byClass.getOrDefault(floorKey(name), classFloor);
                double alloc = Json.number(Json.get(r, "secondaryMetrics", "gc.alloc.rate.norm", "score"));
                run.scores.put(name, new Score(ns(r, "score"), ns(r, "scoreError"), alloc, forks(r), baseline));
                if (run.jdk.equals("?") && Json.get(r, "jdkVersion") != null) {
                    run.jdk = String.valueOf(Json.get(r, "jdkVersion"));
                    run.settings = String.format(Locale.ROOT, "forks %s, warm-up %s x %s, measured %s x %s",
                            integer(Json.get(r, "forks")), integer(Json.get(r, "warmupIterations")), Json.get(r, "warmupTime"),
                            integer(Json.get(r, "measurementIterations")), Json.get(r, "measurementTime"));
                }
            }
        }
        for (Path file : files(dir, "memory-*.json")) {
            for (Object m : (List<?>) json(file)) {
                Object count = Json.get(m, "count") != null ? Json.get(m, "count") : Json.get(m, "n");
                double heapUsed = Json.number(Json.get(m, "heapUsedBytes"));
                run.memory.add(new Memory(String.valueOf(Json.get(m, "system")), (int) Json.number(Json.get(m, "depth")),
                        (long) Json.number(count), Json.number(Json.get(m, "bytesPerCoroutine")),
                        Double.isNaN(heapUsed) ? -1 : (long) heapUsed));
                if (run.jdk.equals("?") && Json.get(m, "jdk") != null) {
                    run.jdk = String.valueOf(Json.get(m, "jdk"));
                }
            }
        }
        List<Path> startup = files(dir, "startup*.json");
        if (!startup.isEmpty()) {
            run.startup = json(startup.get(0));
        }
        List<Path> cpython = files(dir, "cpython*.json");
        if (!cpython.isEmpty()) {
            run.cpython = json(cpython.get(0));
        }
        Path env = dir.resolve("env.json");
        if (Files.exists(env)) {
            run.env = json(env);
        }
        return run;
    }

    /** JMH's primary-metric {@code field} of {@code result} in ns (the unit may be us or ms per op). */
    private static double ns(Object result, String field) {
        return Json.number(Json.get(result, "primaryMetric", field)) * nsPerUnit(result);
    }

    private static double nsPerUnit(Object result) {
        String unit = String.valueOf(Json.get(result, "primaryMetric", "scoreUnit"));
        return unit.startsWith("us/") ? 1e3 : unit.startsWith("ms/") ? 1e6 : 1;
    }

    /** The fastest and slowest of {@code result}'s forks, each fork's figure the mean of its measured iterations. */
    static Forks forks(Object result) {
        if (!(Json.get(result, "primaryMetric", "rawData") instanceof List<?> rawData) || rawData.isEmpty()) {
            double setting = Json.number(Json.get(result, "forks"));
            return new Forks(Double.isNaN(setting) ? 0 : (int) setting, Double.NaN, Double.NaN);
        }
        double fastest = Double.POSITIVE_INFINITY;
        double slowest = Double.NEGATIVE_INFINITY;
        for (Object fork : rawData) {
            double sum = 0;
            for (Object iteration : (List<?>) fork) {
                sum += Json.number(iteration);
            }
            double mean = sum / ((List<?>) fork).size() * nsPerUnit(result);
            fastest = Math.min(fastest, mean);
            slowest = Math.max(slowest, mean);
        }
        return new Forks(rawData.size(), fastest, slowest);
    }

    private static String integer(Object number) {
        double d = Json.number(number);
        return Double.isNaN(d) ? "?" : String.valueOf((long) d);
    }

    /** {@code dev.coflow.benchmarks.SwitchBenchmark.depth1} → {@code SwitchBenchmark.depth1}. */
    private static String shortName(Object result) {
        String name = String.valueOf(Json.get(result, "benchmark"));
        int method = name.lastIndexOf('.');
        int cls = name.lastIndexOf('.', method - 1);
        return name.substring(cls + 1);
    }

    /**
     * Which floor a benchmark is divided by: its class's {@code handwritten}, or for a method whose name ends in
     * {@code One} (a {@code LifecycleBenchmark} life of one value) its class's {@code handwrittenOne}.
     */
    static String floorKey(String name) {
        String cls = name.substring(0, name.indexOf('.'));
        return name.endsWith("One") ? cls + ".One" : cls;
    }

    static Kind kind(String name) {
        String cls = name.substring(0, name.indexOf('.'));
        String method = name.substring(name.indexOf('.') + 1);
        if (cls.equals("GeneratorBenchmark")) {
            return new Kind(5, cls, false, 0, generatorLabel(method));
        }
        if (cls.equals("LifecycleBenchmark")) {
            return new Kind(6, cls, false, 0, lifecycleLabel(method));
        }
        if (method.equals("handwritten")) {
            return new Kind(0, "handwritten", false, 0,
                    cls.equals("SwitchBenchmark") ? "handwritten (GrepHandler object)" : "handwritten (" + cls + "'s)");
        }
        Matcher m = DEPTH.matcher(method);
        if (cls.equals("MixedSwitchBenchmark") && m.matches()) {
            // the same chains after coroutines of other methods ran: rows of their own, not points of coflow's line
            boolean rebuilt = m.group(2) != null;
            int depth = Integer.parseInt(m.group(4));
            boolean kotlin = m.group(1).equals("kotlin");
            return new Kind(4, kotlin ? "kotlin-mixed" : "coflow-mixed", rebuilt, depth,
                    (kotlin ? systemName("kotlin") : "coflow") + " depth " + depth + (rebuilt ? ", rebuilt" : "")
                    + ", after " + MixedSwitchBenchmark.OTHER_METHODS + " other "
                    + (kotlin ? "suspend functions" : "coroutine methods") + " ran (MixedSwitchBenchmark)");
        }
        if (m.matches()) {
            String system = m.group(1).isEmpty() ? "coflow" : m.group(1).toLowerCase(Locale.ROOT);
            boolean rebuilt = m.group(2) != null;
            int depth = Integer.parseInt(m.group(4));
            if (system.equals("delegation")) {
                return new Kind(1, system, rebuilt, depth, "coflow, " + depth + " yieldFrom delegation" + (depth == 1 ? "" : "s"));
            }
            return new Kind(1, system, rebuilt, depth, systemName(system) + " depth " + depth + (rebuilt ? ", rebuilt" : ""));
        }
        switch (name) {
            case "HandoffBenchmark.virtualThread":
                return new Kind(2, "vthread", false, 0, "virtual threads, SynchronousQueue (request + reply)");
            case "HandoffBenchmark.platformThread":
                return new Kind(2, "thread", false, 0, "platform threads, SynchronousQueue (request + reply)");
            case "NoSuspendBenchmark.plainOutside":
                return new Kind(3, "", false, 0, "no suspension: plain method, no coroutine running");
            case "NoSuspendBenchmark.annotatedOutside":
                return new Kind(3, "", false, 0, "no suspension: @Coroutine method, no coroutine running");
            case "NoSuspendBenchmark.plainInside":
                return new Kind(3, "", false, 0, "no suspension: plain method, in a coroutine");
            case "NoSuspendBenchmark.annotatedInside":
                return new Kind(3, "", false, 0, "no suspension: @Coroutine method, in a coroutine");
            case "NoSuspendBenchmark.plainInterfaceInside":
                return new Kind(3, "", false, 0, "no suspension: plain method called through an interface, in a coroutine");
            case "NoSuspendBenchmark.annotatedInterfaceInside":
                return new Kind(3, "", false, 0, "no suspension: @Coroutine method called through an interface, in a coroutine");
            case "NoSuspendBenchmark.plainInheritedInside":
                return new Kind(3, "", false, 0, "no suspension: plain method the receiver's class inherits, through an interface, in a coroutine");
            case "NoSuspendBenchmark.annotatedInheritedInside":
                return new Kind(3, "", false, 0, "no suspension: @Coroutine method the receiver's class inherits, through an interface, in a coroutine");
            case "LibraryBenchmark.plainOutside":
                return new Kind(3, "", false, 0, "a tree written as JSON through a library's virtual calls: plain, no coroutine running");
            case "LibraryBenchmark.suspendableOutside":
                return new Kind(3, "", false, 0, "a tree written as JSON: the library all @Coroutine (as suspendable=), no coroutine running");
            case "LibraryBenchmark.plainInside":
                return new Kind(3, "", false, 0, "a tree written as JSON through a library's virtual calls: plain, in a coroutine");
            case "LibraryBenchmark.suspendableInside":
                return new Kind(3, "", false, 0, "a tree written as JSON: the library all @Coroutine (as suspendable=), in a coroutine");
            default:
                return new Kind(4, cls, false, 0, name);
        }
    }

    /** The row of a {@code GeneratorBenchmark} method. */
    private static String generatorLabel(String method) {
        switch (method) {
            case "handwritten": return "pull one value: hand-written Iterator (the generators' floor)";
            case "coflow": return "pull one value: coflow Coroutines.generate";
            case "kotlinIterator": return "pull one value: Kotlin iterator {}";
            case "kotlinSequence": return "pull one value: Kotlin sequence {}";
            default: return "pull one value: GeneratorBenchmark." + method;
        }
    }

    /** The row of a {@code LifecycleBenchmark} method: a coroutine made, run over four values (or one), and ended. */
    private static String lifecycleLabel(String method) {
        switch (method) {
            case "handwritten": return "a life of four values: hand-written Iterator made and drained (this group's floor)";
            case "coflow": return "a life of four values: coflow Coroutines.generate made and drained";
            case "coflowClosed": return "a life of four values: coflow endless generator, four taken, then close()";
            case "kotlinIterator": return "a life of four values: Kotlin iterator {} made and drained";
            case "handwrittenSend": return "a life of four values sent: hand-written grep object";
            case "coflowSend": return "a life of four values sent: coflow Coroutines.start, four sends, the last ends it (StopIteration)";
            case "handwrittenOne":
                return "a life of one value: hand-written Iterator made and drained (the floor of the lives of one value)";
            case "coflowOne": return "a life of one value: coflow Coroutines.generate made and drained";
            case "kotlinOne": return "a life of one value: Kotlin iterator {} made and drained";
            default: return "a life of four values: LifecycleBenchmark." + method;
        }
    }

    static String systemName(String system) {
        switch (system) {
            case "coflow": return "coflow";
            case "delegation": return "coflow yieldFrom delegation";
            case "loom": return "Loom Continuation";
            case "kilim": return "Kilim";
            case "offbynull": return "offbynull";
            case "vthread": return "virtual threads";
            case "kotlin": return "Kotlin (stdlib intrinsics)";
            default: return system;
        }
    }

    private static int systemOrder(String system) {
        switch (system) {
            case "coflow":
            case "delegation":
                return 0;
            case "loom": return 1;
            case "vthread": return 2;
            case "kotlin": return 3;
            default: return 4;
        }
    }

    private static final Comparator<String> ROWS = Comparator
            .comparingInt((String n) -> kind(n).group())
            .thenComparing(n -> !n.endsWith(".handwritten"))
            .thenComparing(n -> !n.startsWith("SwitchBenchmark."))
            .thenComparingInt(n -> systemOrder(kind(n).system()))
            .thenComparing(n -> kind(n).system())
            .thenComparing(n -> kind(n).rebuilt())
            .thenComparingInt(n -> kind(n).depth())
            .thenComparing(n -> n);

    // ------------------------------------------------------------------ markdown

    static String ns(double ns) {
        if (Double.isNaN(ns)) {
            return "?";
        }
        if (ns < 10) {
            return String.format(Locale.ROOT, "%.2f", ns);
        }
        if (ns < 100) {
            return String.format(Locale.ROOT, "%.1f", ns);
        }
        return String.format(Locale.ROOT, "%,.0f", ns);
    }

    static String ratio(double r) {
        if (Double.isNaN(r)) {
            return "?";
        }
        return r < 10 ? String.format(Locale.ROOT, "%.1fx", r) : String.format(Locale.ROOT, "%.0fx", r);
    }

    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "–";
        }
        return b < 0.5 ? "0" : String.format(Locale.ROOT, "%,.0f", b);
    }

    private static String env(Run run, String key) {
        Object value = Json.get(run.env, key);
        return value == null ? "?" : value instanceof Double ? integer(value) : String.valueOf(value);
    }

    /** {@code target} as a link from the markdown file {@code from} (from the working directory when null). */
    private static String link(Path from, Path target) {
        Path base = from == null ? Path.of("").toAbsolutePath() : from.toAbsolutePath().normalize().getParent();
        return base.relativize(target.toAbsolutePath().normalize()).toString();
    }

    /** The report; {@code png}: the chart's link from the markdown file, or null for none. */
    static String markdown(List<Run> runs, String png) {
        StringBuilder out = new StringBuilder();
        Set<String> machines = new LinkedHashSet<>();
        for (Run run : runs) {
            machines.add(env(run, "cpu") + ", " + env(run, "cores") + " cores");
        }
        out.append("Measured on ").append(String.join("; ", machines)).append(" (shared and noisy: compare ratios, not absolute times).\n");
        for (Run run : runs) {
            out.append("- ").append(run.label()).append(" (").append(env(run, "java")).append("): ")
                    .append(env(run, "date")).append(", ").append(env(run, "mode")).append(" mode, ")
                    .append(run.settings);
            if (Json.get(run.env, "loadStart") != null) {
                out.append("; load average (1 min) ").append(env(run, "loadStart")).append(" at the start, ")
                        .append(env(run, "loadEnd")).append(" at the end");
            }
            out.append("; results in `").append(relative(run.dir)).append("`\n");
        }
        out.append('\n');

        // Time per operation.
        Set<String> names = new TreeSet<>(ROWS);
        runs.forEach(r -> names.addAll(r.scores.keySet()));
        out.append("Time per operation (one value handed in and control back), ratio to `handwritten` of the same run, "
                + "bytes allocated per operation (`-prof gc`):\n\n");
        out.append("| benchmark |");
        for (Run run : runs) {
            out.append(' ').append(run.label()).append(" ns/op | x | B/op |");
        }
        out.append("\n| --- |");
        out.append(" ---: | ---: | ---: |".repeat(runs.size()));
        out.append('\n');
        for (String name : names) {
            out.append("| ").append(kind(name).label()).append(" |");
            for (Run run : runs) {
                Score s = run.score(name);
                if (s == null) {
                    out.append(" n/a | | |");
                } else {
                    out.append(' ').append(ns(s.ns));
                    if (!Double.isNaN(s.error)) {
                        out.append(" ± ").append(ns(s.error));
                    }
                    out.append(" | ").append(ratio(s.ratio())).append(" | ").append(bytes(s.bytesPerOp)).append(" |");
                }
            }
            out.append('\n');
        }
        cpythonRow(out, runs);
        out.append('\n').append(forkCounts(runs));
        cpythonSentences(out, runs);
        spread(out, runs);

        // Memory.
        Set<String> memoryRows = new TreeSet<>(Comparator.comparingInt((String k) -> systemOrder(k.split("/")[0]))
                .thenComparing(k -> k.split("/")[0]).thenComparingLong(k -> Long.parseLong(k.split("/")[2]))
                .thenComparingInt(k -> Integer.parseInt(k.split("/")[1])));
        for (Run run : runs) {
            for (Memory m : run.memory) {
                memoryRows.add(m.system + "/" + m.depth + "/" + (m.count >= LARGE ? 1 : 0));
            }
        }
        if (!memoryRows.isEmpty()) {
            out.append("\nRetained heap per suspended coroutine (used heap after full collections, before and after creating them):\n\n");
            out.append("| suspended |");
            for (Run run : runs) {
                out.append(' ').append(run.label()).append(" bytes each | heap used |");
            }
            out.append("\n| --- |").append(" ---: | ---: |".repeat(runs.size())).append('\n');
            for (String key : memoryRows) {
                String[] k = key.split("/");
                boolean large = k[2].equals("1");
                Memory any = null;
                for (Run run : runs) {
                    Memory m = run.memory(k[0], Integer.parseInt(k[1]), large);
                    any = any == null ? m : any;
                }
                out.append(String.format(Locale.ROOT, "| %,d × %s at depth %s |", any.count, systemName(k[0]), k[1]));
                for (Run run : runs) {
                    Memory m = run.memory(k[0], Integer.parseInt(k[1]), large);
                    out.append(m == null ? " n/a | |" : String.format(Locale.ROOT, " %,.0f | %s |", m.bytesEach,
                            m.heapUsed < 0 ? "?" : String.format(Locale.ROOT, "%,d MB", m.heapUsed >> 20)));
                }
                out.append('\n');
            }
        }

        // Start-up.
        if (runs.stream().anyMatch(r -> r.startup != null)) {
            out.append("\nAgent start-up cost: loading (defining) every class of a jar with no `@Coroutine` in fresh JVMs, with the agent "
                    + "and without, alternating; CPU time of the whole JVM while loading (all threads: the agent's transformer, JIT, GC), medians; "
                    + "overhead = median of the runs' with/without ratios; the same for the loading thread's CPU time and for wall time beside it:\n\n");
            out.append("| JDK | jar | classes | runs | CPU without agent | CPU with agent | overhead | loading thread | wall | whole JVM without / with |\n");
            out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (Run run : runs) {
                if (run.startup == null) {
                    continue;
                }
                Object s = run.startup;
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f ms | %.0f ms | %+.1f%% | %+.1f%% | %+.1f%% | %.0f / %.0f ms |%n",
                        run.jdk, Json.get(s, "jar"), integer(Json.get(s, "classes")), integer(Json.get(s, "runs")),
                        Json.number(Json.get(s, "medianWithoutCpuMs")), Json.number(Json.get(s, "medianWithCpuMs")),
                        Json.number(Json.get(s, "overheadPercent")), Json.number(Json.get(s, "threadCpuOverheadPercent")),
                        Json.number(Json.get(s, "wallOverheadPercent")),
                        Json.number(Json.get(s, "medianProcessWithoutMs")), Json.number(Json.get(s, "medianProcessWithMs"))));
            }
        }

        // Targets.
        out.append("\nTargets (computed from the figures above):\n\n| target |");
        for (Run run : runs) {
            out.append(' ').append(run.label()).append(" |");
        }
        out.append("\n| --- |").append(" --- |".repeat(runs.size())).append('\n');
        for (Target t : TARGETS) {
            out.append("| ").append(t.description).append(" |");
            for (Run run : runs) {
                out.append(' ').append(t.check.apply(run)).append(" |");
            }
            out.append('\n');
        }
        if (png != null) {
            out.append("\n![ns per switch by depth, and bytes per suspended coroutine](").append(png).append(")\n");
        }
        return out.toString();
    }

    /** CPython's figure of {@code shape} ({@code depth1}, ...) in {@code run}: {ns, ratio}, or null. */
    static double[] cpython(Run run, String shape) {
        if (run.cpython == null || !(Json.get(run.cpython, "results") instanceof List<?> results)) {
            return null;
        }
        for (Object r : results) {
            if (shape.equals(Json.get(r, "name"))) {
                return new double[] {Json.number(Json.get(r, "ns")), Json.number(Json.get(r, "ratio"))};
            }
        }
        return null;
    }

    private static String cpythonName(Run run) {
        return Json.get(run.cpython, "implementation") + " " + Json.get(run.cpython, "version");
    }

    /**
     * The CPython reference: one row closing the time table (a generator's send at depth 1), then
     * ({@link #cpythonSentences}) one sentence per run with every shape. Not a JVM peer, and said so in both.
     */
    private static void cpythonRow(StringBuilder out, List<Run> runs) {
        Run any = runs.stream().filter(r -> cpython(r, "depth1") != null).findFirst().orElse(null);
        if (any == null) {
            return;
        }
        out.append("| ").append(cpythonName(any))
                .append(" generator `send`, depth 1: reference, **not a JVM peer** (x: ratio to a Python GrepHandler class) |");
        for (Run run : runs) {
            double[] depth1 = cpython(run, "depth1");
            out.append(depth1 == null ? " n/a | | |" : " " + ns(depth1[0]) + " | " + ratio(depth1[1]) + " | – |");
        }
        out.append('\n');
    }

    private static void cpythonSentences(StringBuilder out, List<Run> runs) {
        for (Run run : runs) {
            double[] floor = cpython(run, "handwritten");
            if (floor == null) {
                continue;
            }
            out.append("\nNot a JVM peer, for readers coming from Python: the same grep step on ").append(cpythonName(run))
                    .append("'s generators (`benchmarks-peers/python/grep_send.py`, beside the ").append(run.label())
                    .append(" run): hand-written GrepHandler class ").append(ns(floor[0])).append(" ns per send");
            String[][] shapes = {{"depth1", "depth 1"}, {"depth10", "depth 10"}, {"depth50", "depth 50"},
                {"rebuiltDepth1", "rebuilt depth 1"}, {"rebuiltDepth10", "rebuilt depth 10"}, {"rebuiltDepth50", "rebuilt depth 50"}};
            for (String[] shape : shapes) {
                double[] figure = cpython(run, shape[0]);
                if (figure != null) {
                    out.append("; ").append(shape[1]).append(' ').append(ns(figure[0])).append(" ns (").append(ratio(figure[1])).append(')');
                }
            }
            out.append(" (`yield from` chains; ratios to that Python floor).\n");
        }
    }

    /** The line under the time table: how many forks each JMH score is the mean over, per run. */
    private static String forkCounts(List<Run> runs) {
        List<String> perRun = new ArrayList<>();
        for (Run run : runs) {
            TreeSet<Integer> counts = new TreeSet<>();
            run.scores.values().forEach(s -> counts.add(s.forks().count()));
            if (counts.isEmpty()) {
                continue;
            }
            String count = counts.first() == 0 ? "?" : counts.size() == 1 ? String.valueOf(counts.first())
                    : counts.first() + "-" + counts.last();
            perRun.add(count + (count.equals("1") ? " fork" : " forks") + " on " + run.label());
        }
        return "Each JMH score is the mean over all its forks (fresh JVMs) and their measured iterations: "
                + String.join(", ", perRun) + ".\n";
    }

    /**
     * "Spread across forks", per run: the benchmarks whose slowest fork is more than
     * {@link #SPREAD_LIMIT} times their fastest, with the ratio to the floor both ways (fastest fork
     * against the floor's fastest fork, slowest against slowest); or a sentence saying there are none.
     */
    private static void spread(StringBuilder out, List<Run> runs) {
        int limitPercent = (int) Math.round((SPREAD_LIMIT - 1) * 100);
        out.append("\nSpread across forks: a mean over forks hides a benchmark that runs at one speed in some JVMs and at another "
                + "in others. Listed: the benchmarks whose slowest fork's mean is more than ").append(SPREAD_LIMIT)
                .append(" times their fastest's; x: the fastest fork against the floor's fastest fork, and the slowest against the "
                        + "floor's slowest.\n");
        for (Run run : runs) {
            Set<String> spread = new TreeSet<>(ROWS);
            int maxForks = 0;
            for (Map.Entry<String, Score> e : run.scores.entrySet()) {
                maxForks = Math.max(maxForks, e.getValue().forks().count());
                if (e.getValue().forks().spread() > SPREAD_LIMIT) {
                    spread.add(e.getKey());
                }
            }
            out.append('\n').append(run.label()).append(" (`").append(relative(run.dir)).append("`): ");
            if (maxForks < 2) {
                out.append("one fork per benchmark, no spread to show.\n");
                continue;
            }
            if (spread.isEmpty()) {
                out.append("no benchmark's forks differed by more than ").append(limitPercent).append("%.\n");
                continue;
            }
            out.append(spread.size()).append(spread.size() == 1 ? " benchmark" : " benchmarks").append(".\n\n");
            out.append("| benchmark | forks | fastest fork ns/op | slowest fork ns/op | slowest / fastest "
                    + "| x, fastest forks | x, slowest forks |\n");
            out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (String name : spread) {
                Score s = run.score(name);
                Forks floor = s.floor().forks();
                out.append("| ").append(kind(name).label()).append(" | ").append(s.forks().count())
                        .append(" | ").append(ns(s.forks().fastest())).append(" | ").append(ns(s.forks().slowest()))
                        .append(" | ").append(String.format(Locale.ROOT, "%.2fx", s.forks().spread()))
                        .append(" | ").append(ratio(s.forks().fastest() / floor.fastest()))
                        .append(" | ").append(ratio(s.forks().slowest() / floor.slowest())).append(" |\n");
            }
        }
    }

    /** {@code path} relative to the working directory when inside it (the repository root for the scripts). */
    private static String relative(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path p = path.toAbsolutePath().normalize();
        return (p.startsWith(here) ? here.relativize(p) : p).toString();
    }

    // ------------------------------------------------------------------ targets

    private record Target(String description, java.util.function.Function<Run, String> check) {
    }

    private static String verdict(boolean met, String value, String missedBy) {
        return met ? value + ": met" : value + ": missed" + (missedBy.isEmpty() ? "" : " by " + missedBy);
    }

    private static String ratioTarget(Run run, String name, double limit) {
        Score s = run.score(name);
        if (s == null) {
            return "n/a";
        }
        double r = s.ratio();
        return verdict(r <= limit, ratio(r), String.format(Locale.ROOT, "%.1fx (%.0f%% over)", r / limit, (r / limit - 1) * 100));
    }

    /** {@code name}'s time at most {@code limit} times {@code base}'s, from the same run. */
    private static String ratioTo(Run run, String name, String base, double limit) {
        Score a = run.score(name);
        Score b = run.score(base);
        if (a == null || b == null) {
            return "n/a";
        }
        double r = a.ns / b.ns;
        return verdict(r <= limit, String.format(Locale.ROOT, "%.2fx", r), String.format(Locale.ROOT, "%.2fx", r / limit));
    }

    private static String fasterThan(Run run, String ours, String theirs) {
        Score a = run.score(ours);
        Score b = run.score(theirs);
        if (a == null || b == null) {
            return "n/a";
        }
        String value = ns(a.ns) + " vs " + ns(b.ns) + " ns";
        return verdict(a.ns < b.ns, value, String.format(Locale.ROOT, "%.1fx", a.ns / b.ns));
    }

    /**
     * Issue 11: {@code ours}'s ratio to its floor at most half the lowest ratio of the peers that ran ({@code peers}:
     * benchmark name, then the label to print, in pairs), each peer's to its own floor in the same run.
     */
    private static String halfTheBestPeer(Run run, String ours, String... peers) {
        Score a = run.score(ours);
        Score best = null;
        String bestLabel = null;
        for (int i = 0; i < peers.length; i += 2) {
            Score p = run.score(peers[i]);
            if (p != null && (best == null || p.ratio() < best.ratio())) {
                best = p;
                bestLabel = peers[i + 1];
            }
        }
        if (a == null || best == null) {
            return "n/a";
        }
        double half = best.ratio() / 2;
        String value = ratio(a.ratio()) + " vs " + bestLabel + "'s " + ratio(best.ratio());
        return verdict(a.ratio() <= half, value, String.format(Locale.ROOT, "%.1fx", a.ratio() / half));
    }

    private static String noAllocation(Run run) {
        double standing = 0;
        double rebuilt = 0;
        boolean any = false;
        for (Map.Entry<String, Score> e : run.scores.entrySet()) {
            Kind k = kind(e.getKey());
            if (k.group() == 1 && (k.system().equals("coflow") || k.system().equals("delegation"))
                    && !Double.isNaN(e.getValue().bytesPerOp)) {
                any = true;
                if (k.rebuilt()) {
                    rebuilt = Math.max(rebuilt, e.getValue().bytesPerOp);
                } else {
                    standing = Math.max(standing, e.getValue().bytesPerOp);
                }
            }
        }
        if (!any) {
            return "n/a (no -prof gc)";
        }
        String value = "standing " + bytes(standing) + " B, rebuilt " + bytes(rebuilt) + " B";
        return verdict(standing < 0.5 && rebuilt < 0.5, value, "");
    }

    private static String memoryTarget(Run run, int depth, double limit) {
        Memory m = run.memory("coflow", depth, false);
        if (m == null) {
            return "n/a";
        }
        return verdict(m.bytesEach <= limit, String.format(Locale.ROOT, "%,.0f B", m.bytesEach),
                String.format(Locale.ROOT, "%.1fx", m.bytesEach / limit));
    }

    private static String tenMillion(Run run) {
        Memory m = run.memory("coflow", 1, true);
        if (m == null) {
            return "n/a";
        }
        double gb = m.heapUsed / (double) (1L << 30);
        return verdict(gb < 2, String.format(Locale.ROOT, "%.2f GB for %,d", gb, m.count), String.format(Locale.ROOT, "%.2f GB", gb - 2));
    }

    private static String noSuspend(Run run, String where) {
        Score annotated = run.score("NoSuspendBenchmark.annotated" + where);
        Score plain = run.score("NoSuspendBenchmark.plain" + where);
        if (annotated == null || plain == null) {
            return "n/a";
        }
        double r = annotated.ns / plain.ns;
        return verdict(r <= 1.3, String.format(Locale.ROOT, "%.2fx", r), String.format(Locale.ROOT, "%.2fx", r / 1.3));
    }

    private static String startup(Run run) {
        if (run.startup == null) {
            return "n/a";
        }
        double p = Json.number(Json.get(run.startup, "overheadPercent"));
        return verdict(p < 10, String.format(Locale.ROOT, "%+.1f%%", p), String.format(Locale.ROOT, "%.1f points", p - 10));
    }

    /** Issue 11's targets for the heap a suspended coroutine keeps, in bytes: the targets table and the chart's lines. */
    private static final int MEMORY_TARGET_DEPTH1 = 64;
    private static final int MEMORY_TARGET_DEPTH10 = 320;

    private static final List<Target> TARGETS = List.of(
            // issue 11's targets: ratios to the hand-written floor of the same run
            new Target("standing depth 1 ≤ 1.3x handwritten", r -> ratioTarget(r, "SwitchBenchmark.depth1", 1.3)),
            new Target("standing depth 10 ≤ 1.3x", r -> ratioTarget(r, "SwitchBenchmark.depth10", 1.3)),
            new Target("standing depth 50 ≤ 1.3x", r -> ratioTarget(r, "SwitchBenchmark.depth50", 1.3)),
            new Target("standing depth 1 faster than Kotlin depth 1", r -> fasterThan(r, "SwitchBenchmark.depth1", "PeerBenchmark.kotlinDepth1")),
            new Target("depth 50 faster than Loom depth 50", r -> fasterThan(r, "SwitchBenchmark.depth50", "LoomBenchmark.loomDepth50")),
            new Target("rebuilt depth 1 ≤ 3x", r -> ratioTarget(r, "SwitchBenchmark.rebuiltDepth1", 3)),
            new Target("rebuilt depth 10 ≤ 12x", r -> ratioTarget(r, "SwitchBenchmark.rebuiltDepth10", 12)),
            new Target("rebuilt depth 50 ≤ 50x", r -> ratioTarget(r, "SwitchBenchmark.rebuiltDepth50", 50)),
            new Target("rebuilt depth 10 at most half the best peer's ratio (Kotlin, Loom, Kilim)",
                    r -> halfTheBestPeer(r, "SwitchBenchmark.rebuiltDepth10", "PeerBenchmark.kotlinRebuiltDepth10", "Kotlin",
                            "LoomBenchmark.loomRebuiltDepth10", "Loom", "PeerBenchmark.kilimRebuiltDepth10", "Kilim")),
            new Target("rebuilt depth 10 faster than Loom rebuilt depth 10",
                    r -> fasterThan(r, "SwitchBenchmark.rebuiltDepth10", "LoomBenchmark.loomRebuiltDepth10")),
            new Target("rebuilt depth 10 faster than Kotlin rebuilt depth 10",
                    r -> fasterThan(r, "SwitchBenchmark.rebuiltDepth10", "PeerBenchmark.kotlinRebuiltDepth10")),
            new Target("50 yieldFrom delegations ≤ 1.5x one delegation",
                    r -> ratioTo(r, "SwitchBenchmark.delegationDepth50", "SwitchBenchmark.delegationDepth1", 1.5)),
            new Target("0 B allocated per switch (coflow, every depth)", BenchReport::noAllocation),
            new Target("≤ " + MEMORY_TARGET_DEPTH1 + " B per suspended coroutine at depth 1", r -> memoryTarget(r, 1, MEMORY_TARGET_DEPTH1)),
            new Target("≤ " + MEMORY_TARGET_DEPTH10 + " B per suspended coroutine at depth 10", r -> memoryTarget(r, 10, MEMORY_TARGET_DEPTH10)),
            new Target("10,000,000 suspended at depth 1 in < 2 GB of heap", BenchReport::tenMillion),
            new Target("@Coroutine method that does not suspend ≤ 1.3x plain, no coroutine running", r -> noSuspend(r, "Outside")),
            new Target("@Coroutine method that does not suspend ≤ 1.3x plain, in a coroutine", r -> noSuspend(r, "Inside")),
            new Target("agent start-up overhead < 10%", BenchReport::startup));

    // ------------------------------------------------------------------ chart

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
    };

    static BufferedImage chart(List<Run> runs) {
        int width = 1400;
        int height = 1060;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("coflow benchmarks: the grep step (hand a line in, get control back)", 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        List<String> lines = new ArrayList<>();
        Set<String> machines = new LinkedHashSet<>();
        for (Run run : runs) {
            lines.add(run.label() + ": " + env(run, "date") + ", " + env(run, "mode") + " mode");
            machines.add(env(run, "cpu") + ", " + env(run, "cores") + " cores");
        }
        g.drawString(String.join("   |   ", lines) + "   |   " + String.join("; ", machines), 20, 50);

        // Systems with depth series, in a fixed order, one colour each.
        Set<String> systems = new TreeSet<>(Comparator.comparingInt(BenchReport::systemOrder).thenComparing(s -> s));
        TreeSet<Integer> depths = new TreeSet<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Run run : runs) {
            for (Map.Entry<String, Score> e : run.scores.entrySet()) {
                Kind k = kind(e.getKey());
                double v = e.getValue().ns;
                if (k.group() > 3 || k.group() == 3 || !(v > 0)) {
                    continue;
                }
                if (k.group() == 1) {
                    systems.add(k.system());
                    depths.add(k.depth());
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double[] cpython = cpython(run, "depth1");
            if (cpython != null && cpython[0] > 0) {
                min = Math.min(min, cpython[0]);
                max = Math.max(max, cpython[0]);
            }
        }
        List<String> systemList = new ArrayList<>(systems);
        int top = 70;
        int panelHeight = 500;
        int left = 20;
        int panelWidth = (width - 40) / Math.max(1, runs.size());
        if (max > 0) {
            double lo = Math.pow(10, Math.floor(Math.log10(min)));
            double hi = Math.pow(10, Math.ceil(Math.log10(max)));
            for (int i = 0; i < runs.size(); i++) {
                speedPanel(g, runs.get(i), left + i * panelWidth, top, panelWidth - 10, panelHeight, lo, hi, depths, systemList);
            }
        }
        // Legend for the lines.
        int lx = 90;
        int ly = top + panelHeight + 22;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int s = 0; s < systemList.size(); s++) {
            for (boolean rebuilt : new boolean[] {false, true}) {
                boolean present = false;
                for (Run run : runs) {
                    present |= !series(run, systemList.get(s), rebuilt).isEmpty();
                }
                if (!present) {
                    continue;
                }
                String text = systemName(systemList.get(s)) + (rebuilt ? ", rebuilt chain" : ", chain standing");
                g.setColor(PALETTE[s % PALETTE.length]);
                g.setStroke(lineStroke(rebuilt));
                g.drawLine(lx, ly - 4, lx + 30, ly - 4);
                marker(g, lx + 15, ly - 4, rebuilt);
                g.setColor(Color.BLACK);
                g.drawString(text, lx + 36, ly);
                lx += 46 + g.getFontMetrics().stringWidth(text);
                if (lx > width - 250) {
                    lx = 90;
                    ly += 20;
                }
            }
        }
        memoryPanel(g, runs, 20, ly + 30, width - 40, height - ly - 50);
        g.dispose();
        return image;
    }

    private static Stroke lineStroke(boolean dashed) {
        return dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
                : new BasicStroke(2.2f);
    }

    private static void marker(Graphics2D g, int x, int y, boolean square) {
        if (square) {
            g.fillRect(x - 4, y - 4, 8, 8);
        } else {
            g.fillOval(x - 4, y - 4, 9, 9);
        }
    }

    /** depth → ns of one system's standing or rebuilt benchmarks. */
    private static Map<Integer, Double> series(Run run, String system, boolean rebuilt) {
        Map<Integer, Double> points = new java.util.TreeMap<>();
        for (Map.Entry<String, Score> e : run.scores.entrySet()) {
            Kind k = kind(e.getKey());
            if (k.group() == 1 && k.system().equals(system) && k.rebuilt() == rebuilt) {
                points.put(k.depth(), e.getValue().ns);
            }
        }
        return points;
    }

    private static void speedPanel(Graphics2D g, Run run, int x0, int y0, int w, int h, double lo, double hi,
            TreeSet<Integer> depths, List<String> systems) {
        int plotLeft = x0 + 70;
        int plotRight = x0 + w - 175;
        int plotTop = y0 + 25;
        int plotBottom = y0 + h - 40;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(run.label() + ": ns per switch by depth (log scale)", plotLeft, y0 + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        java.util.function.DoubleUnaryOperator yOf = v -> plotBottom - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (plotBottom - plotTop);
        double dMin = Math.log10(depths.isEmpty() ? 1 : depths.first());
        double dMax = Math.log10(depths.isEmpty() ? 1 : depths.last());
        java.util.function.IntUnaryOperator xOf = d -> dMax == dMin ? (plotLeft + plotRight) / 2
                : (int) (plotLeft + 20 + (Math.log10(d) - dMin) / (dMax - dMin) * (plotRight - plotLeft - 40));
        // Grid.
        for (double v = lo; v <= hi * 1.0001; v *= 10) {
            for (int m = 1; m < 10; m++) {
                double t = v * m;
                if (t > hi * 1.0001) {
                    break;
                }
                int y = (int) yOf.applyAsDouble(t);
                g.setColor(m == 1 ? new Color(0xbbbbbb) : new Color(0xeeeeee));
                g.drawLine(plotLeft, y, plotRight, y);
                if (m == 1) {
                    g.setColor(Color.DARK_GRAY);
                    String label = t >= 1 ? String.format(Locale.ROOT, "%,.0f", t) : String.format(Locale.ROOT, "%s", t);
                    g.drawString(label + " ns", plotLeft - 8 - g.getFontMetrics().stringWidth(label + " ns"), y + 4);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        for (int d : depths) {
            int x = xOf.applyAsInt(d);
            g.drawLine(x, plotBottom, x, plotBottom + 4);
            String label = "depth " + d;
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, plotBottom + 18);
        }
        g.drawRect(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop);
        // Flat references: handwritten and the thread hand-offs.
        for (Map.Entry<String, Score> e : run.scores.entrySet()) {
            Kind k = kind(e.getKey());
            if (k.group() != 0 && k.group() != 2
                    || k.group() == 0 && !e.getKey().startsWith("SwitchBenchmark.") && run.scores.containsKey("SwitchBenchmark.handwritten")) {
                continue;
            }
            int y = (int) yOf.applyAsDouble(e.getValue().ns);
            g.setColor(k.group() == 0 ? Color.BLACK : Color.GRAY);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {2f, 4f}, 0f));
            g.drawLine(plotLeft, y, plotRight, y);
            g.setStroke(new BasicStroke(1f));
            String label = k.group() == 0 ? "handwritten " + ns(e.getValue().ns) : (k.system().equals("vthread") ? "virtual-thread hand-off" : "platform-thread hand-off");
            g.drawString(label, plotRight + 6, y + 4);
        }
        // The CPython reference (not a JVM peer): its generator's send at depth 1.
        double[] cpython = cpython(run, "depth1");
        if (cpython != null && cpython[0] > 0) {
            int y = (int) yOf.applyAsDouble(cpython[0]);
            g.setColor(new Color(0xb8860b));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 3f, 2f, 3f}, 0f));
            g.drawLine(plotLeft, y, plotRight, y);
            g.setStroke(new BasicStroke(1f));
            g.drawString("CPython send d1 " + ns(cpython[0]), plotRight + 6, y + 4);
            g.drawString("(not a JVM peer)", plotRight + 6, y + 17);
        }
        // Lines.
        for (int s = 0; s < systems.size(); s++) {
            for (boolean rebuilt : new boolean[] {false, true}) {
                Map<Integer, Double> points = series(run, systems.get(s), rebuilt);
                if (points.isEmpty()) {
                    continue;
                }
                Color color = PALETTE[s % PALETTE.length];
                g.setColor(color);
                int px = -1;
                int py = -1;
                for (Map.Entry<Integer, Double> p : points.entrySet()) {
                    int x = xOf.applyAsInt(p.getKey());
                    int y = (int) yOf.applyAsDouble(p.getValue());
                    if (px >= 0) {
                        g.setStroke(lineStroke(rebuilt));
                        g.drawLine(px, py, x, y);
                    }
                    g.setStroke(new BasicStroke(1f));
                    marker(g, x, y, rebuilt);
                    px = x;
                    py = y;
                }
                Map.Entry<Integer, Double> last = ((java.util.TreeMap<Integer, Double>) points).lastEntry();
                g.drawString(ns(last.getValue()), xOf.applyAsInt(last.getKey()) + 8, (int) yOf.applyAsDouble(last.getValue()) - 4);
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void memoryPanel(Graphics2D g, List<Run> runs, int x0, int y0, int w, int h) {
        // Groups: system × depth (the 1,000,000 runs), bars: one per run.
        Set<String> keys = new TreeSet<>(Comparator.comparingInt((String k) -> systemOrder(k.split("/")[0]))
                .thenComparing(k -> k.split("/")[0]).thenComparingInt(k -> Integer.parseInt(k.split("/")[1])));
        double max = 0;
        for (Run run : runs) {
            for (Memory m : run.memory) {
                if (m.count < LARGE) {
                    keys.add(m.system + "/" + m.depth);
                    max = Math.max(max, m.bytesEach);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Bytes of heap per suspended coroutine (targets for coflow: " + MEMORY_TARGET_DEPTH1 + " at depth 1, "
                + MEMORY_TARGET_DEPTH10 + " at depth 10)", x0 + 70, y0);
        if (keys.isEmpty()) {
            return;
        }
        int plotLeft = x0 + 70;
        int plotRight = x0 + w - 95;
        int plotTop = y0 + 15;
        int plotBottom = y0 + h - 30;
        double top = Math.max(max * 1.15, 450);
        java.util.function.DoubleUnaryOperator yOf = v -> plotBottom - v / top * (plotBottom - plotTop);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double step = Math.pow(10, Math.floor(Math.log10(top / 2)));
        if (top / step < 4) {
            step /= 2;
        }
        for (double v = 0; v <= top; v += step) {
            int y = (int) yOf.applyAsDouble(v);
            g.setColor(new Color(0xe5e5e5));
            g.drawLine(plotLeft, y, plotRight, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%,.0f B", v);
            g.drawString(label, plotLeft - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        for (double target : new double[] {MEMORY_TARGET_DEPTH1, MEMORY_TARGET_DEPTH10}) {
            int y = (int) yOf.applyAsDouble(target);
            g.setColor(new Color(0x2ca02c));
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
            g.drawLine(plotLeft, y, plotRight, y);
            g.setStroke(new BasicStroke(1f));
            g.drawString("target " + (int) target + " B", plotRight + 6, y + 4);
        }
        int groups = keys.size();
        double groupWidth = (plotRight - plotLeft) / (double) groups;
        int barWidth = (int) Math.min(60, (groupWidth - 20) / Math.max(1, runs.size()));
        Color[] shades = {new Color(0x4c72b0), new Color(0xdd8452), new Color(0x55a868), new Color(0x8172b2)};
        int gi = 0;
        FontMetrics fm = g.getFontMetrics();
        for (String key : keys) {
            String system = key.split("/")[0];
            int depth = Integer.parseInt(key.split("/")[1]);
            int gx = (int) (plotLeft + gi * groupWidth + (groupWidth - barWidth * runs.size()) / 2);
            for (int r = 0; r < runs.size(); r++) {
                Memory m = runs.get(r).memory(system, depth, false);
                if (m == null) {
                    continue;
                }
                int y = (int) yOf.applyAsDouble(Math.max(0, m.bytesEach));
                g.setColor(shades[r % shades.length]);
                g.fillRect(gx + r * barWidth, y, barWidth - 3, plotBottom - y);
                g.setColor(Color.BLACK);
                String value = String.format(Locale.ROOT, "%,.0f", m.bytesEach);
                g.drawString(value, gx + r * barWidth + (barWidth - 3 - fm.stringWidth(value)) / 2, y - 3);
            }
            g.setColor(Color.BLACK);
            // The bars are narrow: the name without its parenthesis ("Kotlin", not "Kotlin (stdlib intrinsics)").
            String label = systemName(system).replaceFirst(" \\(.*\\)$", "") + " d" + depth;
            // a name wider than its group ("Loom Continuation d10") goes a line lower every other group, clear of its neighbours
            int lower = fm.stringWidth(label) > groupWidth - 4 && gi % 2 == 1 ? 14 : 0;
            g.drawString(label, (int) (plotLeft + gi * groupWidth + (groupWidth - fm.stringWidth(label)) / 2), plotBottom + 16 + lower);
            gi++;
        }
        g.drawLine(plotLeft, plotBottom, plotRight, plotBottom);
        // Legend: one shade per run.
        int lx = plotLeft + 10;
        for (int r = 0; r < runs.size(); r++) {
            g.setColor(shades[r % shades.length]);
            g.fillRect(lx, plotTop + 2, 14, 12);
            g.setColor(Color.BLACK);
            g.drawString(runs.get(r).label(), lx + 18, plotTop + 13);
            lx += 40 + fm.stringWidth(runs.get(r).label());
        }
    }
}
