package dev.coflow.agent;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What rewriting at class load cost, class by class ({@code stats=FILE}, and the summary {@code trace=true}
 * prints at exit): for every class the agent rewrote or looked into, how long {@code ClassRewriter} took,
 * how many methods it rewrote and the class file's size before and after; and, for every other class loaded
 * (the JDK's and coflow's own aside), the time spent looking for coflow's names in its bytes, the test that
 * lets it through untouched. Thread-safe: classes load on many threads.
 */
final class RewriteStats {
    /**
     * One class the rewriter ran on. {@code outcome}: {@code rewritten}, {@code unchanged} (left as it was: nothing to
     * rewrite, or refused) or {@code failed} (an internal error; the class loads as it was).
     */
    record Row(String className, String outcome, int methods, int bytesBefore, int bytesAfter, long nanos) {
    }

    private final List<Row> rows = new ArrayList<>();
    private long scanned;
    private long scanNanos;

    /** A class the rewriter ran on. */
    synchronized void record(String className, String outcome, int methods, int bytesBefore, int bytesAfter, long nanos) {
        rows.add(new Row(className.replace('/', '.'), outcome, methods, bytesBefore, bytesAfter, nanos));
    }

    /** A class whose bytes were searched for coflow's names, and how long that took. */
    synchronized void scanned(long nanos) {
        scanned++;
        scanNanos += nanos;
    }

    /**
     * One line: {@code [coflow] class-load rewriting: 3 classes rewritten (12 methods), 1 left as it was,
     * 14.2 ms in all, 3.6 ms per class on average, slowest com.acme.Parser 8.1 ms; looking for coflow names
     * in 1,204 classes took 2.3 ms} (and where the per-class rows went, when {@code file} is set). The JDK's
     * classes and coflow's own are never searched.
     */
    synchronized String summary(Path file) {
        int rewritten = 0;
        int methods = 0;
        long total = 0;
        Row slowest = null;
        for (Row r : rows) {
            if (r.outcome().equals("rewritten")) {
                rewritten++;
                methods += r.methods();
            }
            total += r.nanos();
            if (slowest == null || r.nanos() > slowest.nanos()) {
                slowest = r;
            }
        }
        StringBuilder b = new StringBuilder("[coflow] class-load rewriting: ")
                .append(rewritten).append(rewritten == 1 ? " class" : " classes").append(" rewritten (")
                .append(methods).append(methods == 1 ? " method), " : " methods), ")
                .append(rows.size() - rewritten).append(rows.size() - rewritten == 1 ? " left as it was, " : " left as they were, ")
                .append(millis(total)).append(" ms in all");
        if (!rows.isEmpty()) {
            b.append(", ").append(millis(total / rows.size())).append(" ms per class on average, slowest ")
                    .append(slowest.className()).append(' ').append(millis(slowest.nanos())).append(" ms");
        }
        b.append("; looking for coflow names in ").append(String.format(Locale.ROOT, "%,d", scanned))
                .append(scanned == 1 ? " class" : " classes").append(" took ").append(millis(scanNanos)).append(" ms");
        if (file != null) {
            b.append("; per class: ").append(file);
        }
        return b.toString();
    }

    /** Writes one tab-separated row per class, slowest first, under a header line. */
    synchronized void write(Path file) throws IOException {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Long.compare(b.nanos(), a.nanos()));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("class\toutcome\tmethods_rewritten\tbytes_before\tbytes_after\tmicros\n");
            for (Row r : sorted) {
                w.write(r.className() + '\t' + r.outcome() + '\t' + r.methods() + '\t' + r.bytesBefore() + '\t' + r.bytesAfter()
                        + '\t' + r.nanos() / 1000 + '\n');
            }
        }
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
