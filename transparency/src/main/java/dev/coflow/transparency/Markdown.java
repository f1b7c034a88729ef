package dev.coflow.transparency;

import java.util.List;
import java.util.Map;

/** The report's tables. */
final class Markdown {
    private Markdown() {
    }

    static String report(String mode, List<Transparency.Config> configs, Map<String, Map<String, Transparency.LibRun>> runs,
                         Map<String, OfflineCheck.Stats> offline, Map<String, Map<String, String>> loadBaseline,
                         Map<String, Map<String, String>> loadAgent, Map<String, List<String>> differences,
                         Map<String, Transparency.RewriteTimes> rewriteTimes) {
        StringBuilder b = new StringBuilder();
        b.append("Transparency corpus, ").append(mode).append(" size, ").append(Transparency.today()).append(", JDK ")
                .append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vendor")).append(").\n\n");
        b.append("Every class rewritten offline as if its whole library were suspendable (ASM CheckClassAdapter + Analyzer, nothing loaded):\n\n");
        b.append("| library | classes | rewritten classes | rewritten methods | left as they were (by reason) | ASM verify errors | bytecode growth | methods newly over 8000 bytes | methods newly over 325 bytes (fresh body) |\n");
        b.append("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (Map.Entry<String, OfflineCheck.Stats> e : offline.entrySet()) {
            OfflineCheck.Stats s = e.getValue();
            StringBuilder reasons = new StringBuilder();
            s.refused().forEach((p, n) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(p).append(' ').append(n));
            b.append("| ").append(e.getKey()).append(" | ").append(s.classes()).append(" | ").append(s.classesRewritten()).append(" | ")
                    .append(s.methodsRewritten()).append(" | ").append(reasons.length() == 0 ? "none" : reasons).append(" | ")
                    .append(s.verifyErrors() + s.internalErrors()).append(" | ")
                    .append(String.format("%+.1f%%", 100.0 * (s.bytesAfter() - s.bytesBefore()) / Math.max(1, s.bytesBefore()))).append(" | ")
                    .append(s.newlyHuge()).append(" | ").append(s.newlyOverInlineLimit()).append(" |\n");
        }
        b.append("\nEvery class of the library and test jars loaded and initialised with `-Xverify:all`, rewritten by the agent (suspendable) and not:\n\n");
        b.append("| library | classes | HotSpot VerifyErrors (agent) | VerifyErrors (no agent) | other load failures, agent / no agent |\n");
        b.append("| --- | ---: | ---: | ---: | ---: |\n");
        for (String lib : Transparency.LIBS) {
            Map<String, String> a = loadAgent.getOrDefault(lib, Map.of());
            Map<String, String> n = loadBaseline.getOrDefault(lib, Map.of());
            b.append("| ").append(lib).append(" | ").append(a.size()).append(" | ").append(count(a, "VERIFY")).append(" | ")
                    .append(count(n, "VERIFY")).append(" | ").append(count(a, "OTHER")).append(" / ").append(count(n, "OTHER")).append(" |\n");
        }
        b.append("\nTests (or Jackson workload steps) passing, against the uninstrumented baseline; time is the library's wall time"
                + " in its JVM (class rewriting at load included) and its ratio to the baseline; round trips are forced suspensions resumed:\n\n");
        b.append("| run |");
        for (String lib : Transparency.LIBS) {
            b.append(' ').append(lib).append(" |");
        }
        b.append("\n| --- |");
        Transparency.LIBS.forEach(l -> b.append(" --- |"));
        b.append('\n');
        Map<String, Transparency.LibRun> base = runs.get("baseline");
        for (Transparency.Config c : configs) {
            b.append("| ").append(c.name()).append(" |");
            for (String lib : Transparency.LIBS) {
                Transparency.LibRun r = runs.get(c.name()).get(lib);
                long pass = r.results().values().stream().filter(v -> v.equals("PASS")).count();
                b.append(' ').append(pass).append('/').append(r.results().size());
                if (!c.name().equals("baseline")) {
                    b.append(", ").append(String.format("%.1fx", (double) r.millis() / Math.max(1, base.get(lib).millis())));
                    if (c.rate() > 0) {
                        b.append(", ").append(r.roundTrips()).append(" rt");
                    }
                } else {
                    b.append(", ").append(r.millis()).append(" ms");
                }
                b.append(" |");
            }
            b.append('\n');
        }
        b.append("\nRewriting at class load in run ").append(Transparency.STATS_RUN)
                .append(" (the agent's default options; its `stats=` file, one row per class): the classes of each library its tests"
                        + " loaded that the agent rewrote, the time each took in milliseconds (the first classes also pay for loading and"
                        + " warming up the rewriter itself), and the classes it looked into and left as they were:\n\n");
        b.append("| library | classes rewritten | total ms | mean | median | 90th percentile | 99th percentile | slowest | left as they were (ms) |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (String lib : Transparency.LIBS) {
            Transparency.RewriteTimes t = rewriteTimes.get(lib);
            int n = t.micros().length;
            b.append("| ").append(lib).append(" | ").append(n).append(" | ").append(ms(t.total())).append(" | ")
                    .append(ms(n == 0 ? 0 : t.total() / n)).append(" | ").append(ms(t.quantile(0.5))).append(" | ")
                    .append(ms(t.quantile(0.9))).append(" | ").append(ms(t.quantile(0.99))).append(" | ")
                    .append(n == 0 ? "-" : "`" + t.slowest() + "` " + ms(t.micros()[n - 1])).append(" | ")
                    .append(t.unchanged()).append(" (").append(ms(t.unchangedMicros())).append(") |\n");
        }
        b.append("\nDifferences from the baseline (a test whose outcome changed):\n\n");
        boolean any = false;
        for (Map.Entry<String, List<String>> e : differences.entrySet()) {
            for (String d : e.getValue()) {
                b.append("- ").append(e.getKey()).append(": ").append(d).append('\n');
                any = true;
            }
        }
        if (!any) {
            b.append("- none\n");
        }
        return b.toString();
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }

    private static long count(Map<String, String> m, String prefix) {
        return m.values().stream().filter(v -> v.startsWith(prefix)).count();
    }
}
