package dev.coflow.rewriter;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.Value;

/** The one ASM API level that every visitor and analyser of the agent is built with, and the compute limits they run under. */
public final class AsmApi {
    private AsmApi() {
    }

    /** ASM 9's API: reads class files up to the newest version the bundled ASM knows (Java 25 and later). */
    public static final int LEVEL = Opcodes.ASM9;

    /*
     * ASM 9.11 stops an analysis or a frame computation that allocates or works past a limit (LimitExceededException), a
     * guard against class files made to exhaust a server that reads them. Its defaults (an Analyzer: 400 MB allocated,
     * 5e10 operations; a ClassWriter, per method: 10 MB, 1e8 operations) refused a javac-compiled method of 6,343
     * instructions, 154 locals and 126 handlers whose rewritten body then needed between 1e8 and 1e9 operations to lay
     * out its frames (SourceProgramTest, 2026-12-07). The agent reads the classes its user chose to rewrite, so the limits
     * here are set far above what a method under the JVM's 64 KB needs in practice, and still end a pathological one in
     * seconds rather than never: it is then refused as ANALYSIS_TOO_COSTLY, with its name and a fix.
     */
    static final int ANALYZER_BYTES = Integer.MAX_VALUE;
    static final long ANALYZER_OPERATIONS = 50_000_000_000L;
    static final int WRITER_BYTES = 1 << 30;
    static final long WRITER_OPERATIONS = 10_000_000_000L;

    /** {@code analyzer}, under the rewriter's compute limits. */
    public static <V extends Value> Analyzer<V> limited(Analyzer<V> analyzer) {
        analyzer.setComputeLimits(ANALYZER_BYTES, ANALYZER_OPERATIONS);
        return analyzer;
    }

    /** {@code writer}, under the rewriter's compute limits (each method's frames and maxima computed under them anew). */
    public static <W extends ClassWriter> W limited(W writer) {
        writer.setComputeLimits(WRITER_BYTES, WRITER_OPERATIONS);
        return writer;
    }
}
