package dev.coflow.transparency;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The transparency corpus: runs the libraries' suites and workloads in child JVMs, uninstrumented and
 * rewritten at four levels (plus JaCoCo beside the agent, in both orders), loads every class with the
 * verifier on, rewrites every class offline, compares, and writes a markdown report. {@link #run} is
 * called by {@code TransparencyIT} (in {@code mvn verify}) and, through it, by {@code transparency/run}.
 */
public final class Transparency {
    private Transparency() {
    }

    public static final List<String> LIBS = List.of("lang3", "collections4", "io", "guava", "jackson");
    static final Map<String, String> PACKAGES = Map.of(
            "lang3", "org.apache.commons.lang3.**", "collections4", "org.apache.commons.collections4.**",
            "io", "org.apache.commons.io.**", "guava", "com.google.common.**", "jackson", "com.fasterxml.jackson.**");
    static final long SEED = 20260525L;

    /**
     * One child-JVM run: agent options ({@code null}: no agent), level, round-trip rate, JaCoCo (0 none, 1 first, 2
     * second), and whether the virtual entries are on (off: {@code -Dcoflow.virtualEntries=false}, every call site
     * takes the method itself, armed, as after another agent such as Mockito changed a rewritten class).
     */
    record Config(String name, String agent, int level, int rate, int jacoco, boolean entries) {
        Config(String name, String agent, int level, int rate, int jacoco) {
            this(name, agent, level, rate, jacoco, true);
        }
    }

    /** What one run observed for one library. */
    record LibRun(Map<String, String> results, long millis, long roundTrips) {
    }

    /** Everything, for the report and the assertions. */
    record Report(String mode, List<Config> configs, Map<String, Map<String, LibRun>> runs, Map<String, OfflineCheck.Stats> offline,
                  Map<String, Map<String, String>> loadBaseline, Map<String, Map<String, String>> loadAgent,
                  Map<String, List<String>> differences, List<String> unexplained, Map<String, RewriteTimes> rewriteTimes,
                  String markdown) {
    }

    /** The run whose agent writes its per-class rewriting times ({@code stats=}): the agent's default options, no {@code verify}. */
    static final String STATS_RUN = "L2";

    /**
     * What rewriting at class load cost one library in {@link #STATS_RUN}: the microseconds each class the agent rewrote
     * took, sorted; how many it looked into and left as they were; and the slowest class.
     */
    record RewriteTimes(long[] micros, int unchanged, long unchangedMicros, String slowest) {
        long total() {
            long t = 0;
            for (long m : micros) {
                t += m;
            }
            return t;
        }

        /** The {@code q} quantile (0..1) of the rewritten classes' times, nearest rank. */
        long quantile(double q) {
            if (micros.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(q * micros.length) - 1;
            return micros[Math.max(0, Math.min(micros.length - 1, rank))];
        }
    }

    /** Reads the agent's {@code stats=} file and splits its rows by library (by package). */
    static Map<String, RewriteTimes> rewriteTimes(Path tsv) throws IOException {
        Map<String, List<Long>> rewritten = new LinkedHashMap<>();
        Map<String, long[]> unchanged = new LinkedHashMap<>();
        Map<String, String> slowest = new LinkedHashMap<>();
        Map<String, Long> slowestMicros = new LinkedHashMap<>();
        List<String> rows = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t");
            String lib = libraryOf(f[0]);
            if (lib == null) {
                continue;
            }
            long micros = Long.parseLong(f[5]);
            if (f[1].equals("rewritten")) {
                rewritten.computeIfAbsent(lib, k -> new ArrayList<>()).add(micros);
                if (micros > slowestMicros.getOrDefault(lib, -1L)) {
                    slowestMicros.put(lib, micros);
                    slowest.put(lib, f[0]);
                }
            } else {
                long[] u = unchanged.computeIfAbsent(lib, k -> new long[2]);
                u[0]++;
                u[1] += micros;
            }
        }
        Map<String, RewriteTimes> out = new LinkedHashMap<>();
        for (String lib : LIBS) {
            long[] m = rewritten.getOrDefault(lib, List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
            long[] u = unchanged.getOrDefault(lib, new long[2]);
            out.put(lib, new RewriteTimes(m, (int) u[0], u[1], slowest.get(lib)));
        }
        return out;
    }

    /** The library whose package {@code className} is in, or {@code null}. */
    static String libraryOf(String className) {
        for (String lib : LIBS) {
            String pattern = PACKAGES.get(lib);
            if (className.startsWith(pattern.substring(0, pattern.length() - 2))) {
                return lib;
            }
        }
        return null;
    }

    /** The runs; the CI-sized default leaves out the 1-in-1 and 1-in-101 round-trip rates (the long mode runs them). */
    static List<Config> configs(boolean long_) {
        String sus = "suspendable=" + String.join(";", LIBS.stream().map(PACKAGES::get).toList());
        List<Config> c = new ArrayList<>();
        c.add(new Config("baseline", null, 0, 0, 0));
        c.add(new Config("L1", sus + ",verify=true", 1, 0, 0));
        c.add(new Config("L2", sus, 2, 0, 0));
        if (long_) {
            c.add(new Config("L3 1/1", sus + ",entryPoints=true", 3, 1, 0));
        }
        c.add(new Config("L3 1/7 strict", sus + ",entryPoints=true,strict=true", 3, 7, 0));
        if (long_) {
            c.add(new Config("L3 1/101", sus + ",entryPoints=true", 3, 101, 0));
        }
        c.add(new Config("L4 1/7", sus + ",entryPoints=true", 4, 7, 0));
        c.add(new Config("L3 1/7 strict, entries off", sus + ",entryPoints=true,strict=true", 3, 7, 0, false));
        c.add(new Config("JaCoCo+L3 1/7", sus + ",entryPoints=true", 3, 7, 1));
        c.add(new Config("L3 1/7+JaCoCo", sus + ",entryPoints=true", 3, 7, 2));
        return c;
    }

    public static Report run(boolean long_, Path out) throws Exception {
        Files.createDirectories(out);
        Files.deleteIfExists(statsFile(out)); // written by the agent at exit: never read one of an earlier run
        String subset = long_ ? "all" : "3";
        int steps = long_ ? 2000 : 10;
        List<Config> configs = configs(long_);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<Config, Future<Map<String, LibRun>>> futures = new LinkedHashMap<>();
        for (Config c : configs) {
            futures.put(c, pool.submit(() -> runConfig(c, out, subset, steps, long_)));
        }
        Future<Map<String, Map<String, String>>> loadBase = pool.submit(() -> loadAll(null, out.resolve("load-baseline.tsv")));
        Future<Map<String, Map<String, String>>> loadAgent = pool.submit(() -> loadAll(configs.get(1).agent(), out.resolve("load-agent.tsv")));
        Map<String, OfflineCheck.Stats> offline = new LinkedHashMap<>();
        for (String lib : LIBS) {
            List<String> jars = new ArrayList<>();
            jars.add(System.getProperty("jar." + lib));
            if (System.getProperty("jar." + lib + ".tests") != null) {
                jars.add(System.getProperty("jar." + lib + ".tests"));
            }
            offline.put(lib, OfflineCheck.check(jars));
        }
        Map<String, Map<String, LibRun>> runs = new LinkedHashMap<>();
        for (Map.Entry<Config, Future<Map<String, LibRun>>> e : futures.entrySet()) {
            runs.put(e.getKey().name(), e.getValue().get());
        }
        Map<String, Map<String, String>> lb = loadBase.get();
        Map<String, Map<String, String>> la = loadAgent.get();
        pool.shutdown();
        Map<String, List<String>> differences = new LinkedHashMap<>();
        List<String> unexplained = new ArrayList<>();
        Map<Pattern, String> allow = allowList();
        for (Config c : configs.subList(1, configs.size())) {
            List<String> diffs = new ArrayList<>();
            for (String lib : LIBS) {
                Map<String, String> base = runs.get("baseline").get(lib).results();
                Map<String, String> now = runs.get(c.name()).get(lib).results();
                TreeMap<String, String> all = new TreeMap<>(base);
                now.forEach(all::putIfAbsent);
                for (String id : all.keySet()) {
                    String b = status(base.get(id));
                    String n = status(now.get(id));
                    if (!b.equals(n)) {
                        String reason = c.level() == 4 ? explain(allow, lib + " " + id + " " + now.get(id)) : null;
                        String line = lib + " " + id + ": baseline " + b + ", " + c.name() + " " + n
                                + (now.get(id) != null && n.equals("FAIL") ? " (" + now.get(id).substring(4).strip() + ")" : "")
                                + (reason != null ? " — explained: " + reason : "");
                        diffs.add(line);
                        if (reason == null) {
                            unexplained.add(line);
                        }
                    }
                }
            }
            differences.put(c.name(), diffs);
        }
        Map<String, RewriteTimes> times = rewriteTimes(statsFile(out));
        String md = Markdown.report(long_ ? "long" : "default", configs, runs, offline, lb, la, differences, times);
        Files.writeString(out.resolve("transparency-results.md"), md, StandardCharsets.UTF_8);
        return new Report(long_ ? "long" : "default", configs, runs, offline, lb, la, differences, unexplained, times, md);
    }

    static String status(String result) {
        if (result == null) {
            return "ABSENT";
        }
        int space = result.indexOf(' ');
        return space < 0 ? result : result.substring(0, space);
    }

    private static String explain(Map<Pattern, String> allow, String id) {
        for (Map.Entry<Pattern, String> e : allow.entrySet()) {
            if (e.getKey().matcher(id).find()) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * {@code level4-allowlist.txt}: {@code REGEX<TAB>REASON} per line; the level-4 differences the thread
     * change explains. The regex is found in {@code LIB ID RESULT} (the result with its failure message).
     */
    static Map<Pattern, String> allowList() throws IOException {
        Map<Pattern, String> out = new LinkedHashMap<>();
        try (var in = Transparency.class.getResourceAsStream("/level4-allowlist.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                out.put(Pattern.compile(parts[0]), parts[1].strip());
            }
        }
        return out;
    }

    private static List<String> command(String agent, int level, int rate, int jacoco, boolean entries, Path jacocoFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xverify:all");
        cmd.add("-XX:+EnableDynamicAgentLoading");
        cmd.add("-Xss4m");
        String jacocoAgent = "-javaagent:" + System.getProperty("coflow.jacocoJar") + "=destfile=" + jacocoFile
                + ",includes=org.apache.*:com.google.*:com.fasterxml.*";
        if (jacoco == 1) {
            cmd.add(jacocoAgent);
        }
        if (agent != null) {
            cmd.add("-javaagent:" + System.getProperty("coflow.agentJar") + "=" + agent);
        }
        if (jacoco == 2) {
            cmd.add(jacocoAgent);
        }
        if (!entries) {
            cmd.add("-Dcoflow.virtualEntries=false");
        }
        cmd.add("-Dcoflow.transparency.level=" + level);
        if (rate > 0) {
            cmd.add("-Dcoflow.roundTrips=" + rate + ":" + SEED);
        }
        for (String lib : LIBS) {
            for (String key : new String[] {"jar." + lib, "jar." + lib + ".tests"}) {
                if (System.getProperty(key) != null) {
                    cmd.add("-D" + key + "=" + System.getProperty(key));
                }
            }
        }
        cmd.add("-cp");
        cmd.add(childClassPath());
        cmd.add(Driver.class.getName());
        return cmd;
    }

    /** Where {@link #STATS_RUN}'s agent writes its per-class rewriting times. */
    static Path statsFile(Path out) {
        return out.resolve(STATS_RUN + "-rewriting.tsv").toAbsolutePath();
    }

    /** This JVM's class path without the agent (a stale copy there would shadow the one -javaagent names). */
    static String childClassPath() {
        List<String> keep = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("instrument-agent")) {
                keep.add(entry);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    private static Map<String, LibRun> runConfig(Config c, Path out, String subset, int steps, boolean long_) throws Exception {
        String file = c.name().replaceAll("[^A-Za-z0-9]+", "_");
        Path tsv = out.resolve(file + ".tsv");
        String agent = c.name().equals(STATS_RUN) ? c.agent() + ",stats=" + statsFile(out) : c.agent();
        List<String> cmd = command(agent, c.level(), c.rate(), c.jacoco(), c.entries(), out.resolve(file + ".exec"));
        cmd.addAll(List.of(tsv.toString(), String.join(",", LIBS), subset, Long.toString(SEED), Integer.toString(steps)));
        exec(cmd, out, file, long_ ? 240 : 15);
        Map<String, LibRun> runs = new LinkedHashMap<>();
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        Map<String, Long> times = new LinkedHashMap<>();
        Map<String, Long> trips = new LinkedHashMap<>();
        String entries = null;
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "result" -> results.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], f[3]);
                case "time" -> times.put(f[1], Long.parseLong(f[2]));
                case "roundtrips" -> trips.put(f[1], Long.parseLong(f[2]));
                case "entries" -> entries = f[1];
                default -> { }
            }
        }
        if (c.agent() != null && !(c.entries() ? "on" : "off").equals(entries)) {
            // a run meant to compare the two call paths must have taken the one it names (the baseline rewrites nothing,
            // and its runtime, with Mockito on the class path and no agent, turns them off: Bootstrap.unwatchedMockito)
            throw new AssertionError(c.name() + ": the virtual entries were " + entries + " at the end of the run, not "
                    + (c.entries() ? "on" : "off"));
        }
        for (String lib : LIBS) {
            if (!times.containsKey(lib)) {
                throw new AssertionError(c.name() + ": the driver did not finish " + lib + "; see " + out.resolve(file + ".err"));
            }
            runs.put(lib, new LibRun(results.getOrDefault(lib, Map.of()), times.get(lib), trips.getOrDefault(lib, 0L)));
        }
        return runs;
    }

    private static Map<String, Map<String, String>> loadAll(String agent, Path tsv) throws Exception {
        List<String> cmd = command(agent, 0, 0, 0, true, null);
        cmd.addAll(List.of("--load-all", tsv.toString(), String.join(",", LIBS)));
        String name = tsv.getFileName().toString().replace(".tsv", "");
        exec(cmd, tsv.getParent(), name, 15);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            out.computeIfAbsent(f[1], k -> new TreeMap<>()).put(f[2], f[3]);
        }
        return out;
    }

    private static void exec(List<String> cmd, Path out, String name, int minutes) throws Exception {
        Path work = Files.createDirectories(out.resolve("work-" + name));
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(out.resolve(name + ".out").toFile()).redirectError(out.resolve(name + ".err").toFile()).start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + minutes + " minutes; see " + out.resolve(name + ".err"));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(name + " exited with " + p.exitValue() + "; see " + out.resolve(name + ".err"));
        }
    }

    /** {@code java ... Transparency [--long] OUTDIR}: the same as the IT, printing the report. */
    public static void main(String[] args) throws Exception {
        boolean long_ = args.length > 0 && args[0].equals("--long");
        Report r = run(long_, Path.of(args[args.length - 1]));
        System.out.println(r.markdown());
        System.exit(r.unexplained().isEmpty() ? 0 : 1);
    }

    static String today() {
        return LocalDate.now().toString();
    }
}
