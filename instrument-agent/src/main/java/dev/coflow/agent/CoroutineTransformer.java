package dev.coflow.agent;

import dev.coflow.rewriter.ClassFilter;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.runtime.Refusals;
import dev.coflow.rewriter.report.Reporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * The {@code ClassFileTransformer}: a thin shell around {@link ClassRewriter}. In order: skip hidden
 * classes, JDK classes, coflow's own classes and excluded prefixes by name; skip classes whose bytes
 * never mention coflow (nor, with {@code suspendable=}, a suspendable package or class); guard against re-entry; rewrite; report; never let an exception escape
 * (the JVM would silently load the class unrewritten).
 */
public final class CoroutineTransformer implements ClassFileTransformer {
    private static final byte[] MARKER = "dev/coflow/".getBytes(StandardCharsets.ISO_8859_1);

    private final AgentOptions options;
    private final Reporter reporter;
    private final ClassRewriter.Options rewriteOptions;
    private final Map<ClassLoader, ClassHierarchy> hierarchies = new WeakHashMap<>();
    private ClassHierarchy platformHierarchy;
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();
    /** Where the time goes, class by class; {@code null} unless {@code stats=} or {@code trace=true} asked. */
    private final RewriteStats stats;

    public CoroutineTransformer(AgentOptions options, Reporter reporter) {
        this(options, reporter, null);
    }

    CoroutineTransformer(AgentOptions options, Reporter reporter, RewriteStats stats) {
        this.options = options;
        this.reporter = reporter;
        this.stats = stats;
        this.rewriteOptions = new ClassRewriter.Options(options.verify(), options.entryPoints());
    }

    /** Whether every method of the class counts as a coroutine method: the {@code suspendable=} option, within the filters. */
    private boolean isSuspendable(String internalName) {
        return options.suspendable().test(internalName) && ClassFilter.mayRewrite(internalName, options.excludes());
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || loader == null || classBeingRedefined != null || !ClassFilter.mayRewrite(className, options.excludes())) {
            return null;
        }
        boolean suspendable = !options.suspendable().isEmpty();
        long scanStart = stats == null ? 0 : System.nanoTime();
        boolean candidate = mentionsCoflow(classfileBuffer) || suspendable && options.suspendable().mentionedIn(classfileBuffer);
        if (stats != null) {
            stats.scanned(System.nanoTime() - scanStart);
        }
        if (!candidate) {
            return null; // with suspendable=, a class that names a suspendable package may call into it
        }
        if (busy.get() != null) {
            return null;
        }
        busy.set(Boolean.TRUE);
        try {
            String rewrittenBy = ClassRewriter.rewrittenBy(classfileBuffer);
            if (rewrittenBy != null) {
                // rewritten at build time (the Maven plugin): never twice
                if (reporter.tracing()) {
                    reporter.trace("left " + className.replace('/', '.') + " as it was (rewritten at build time by coflow " + rewrittenBy + ")");
                }
                return null;
            }
            long start = System.nanoTime();
            ClassRewriter.Result result;
            try {
                result = ClassRewriter.rewrite(classfileBuffer, hierarchy(loader), rewriteOptions);
            } catch (Throwable t) {
                if (stats != null) {
                    stats.record(className, "failed", 0, classfileBuffer.length, classfileBuffer.length, System.nanoTime() - start);
                }
                throw t;
            }
            long took = System.nanoTime() - start;
            if (stats != null) {
                byte[] out = result.bytes();
                stats.record(className, out == null ? "unchanged" : "rewritten", out == null ? 0 : result.rewritten().size(),
                        classfileBuffer.length, out == null ? classfileBuffer.length : out.length, took);
            }
            for (Diagnostic d : result.diagnostics()) {
                if (d.method() != null) {
                    // a run-time error in the method then says why it was refused, not to annotate it
                    Refusals.record(d.owner(), d.method(), d.descriptor(), d.problem().message(), d.problem().fix());
                }
                // a class file too broken to read its own name by is named as the JVM named it
                reporter.report(d.owner().equals("?") ? new Diagnostic(className, d.method(), d.descriptor(), d.file(), d.line(),
                        d.problem(), d.detail()) : d);
            }
            for (Diagnostic d : result.implicit()) {
                if (d.method() != null) {
                    Refusals.record(d.owner(), d.method(), d.descriptor(), d.problem().message(), d.problem().fix());
                }
                reporter.refusedInSuspendable(d);
            }
            if (suspendable && isSuspendable(className)) {
                reporter.suspendableClass(result.rewritten().size());
            }
            if (result.bytes() != null) {
                if (reporter.tracing()) {
                    reporter.trace("rewrote " + className.replace('/', '.') + " in " + RewriteStats.millis(took) + " ms: "
                            + String.join(", ", result.rewritten()));
                }
                dump(className, classfileBuffer, result.bytes());
            } else if (!result.diagnostics().isEmpty()) {
                // a class the rewriter gave up on: the fixes of those errors ask for a report with the dump
                dump(className, classfileBuffer, null);
            } else if (reporter.tracing()) {
                reporter.trace("left " + className.replace('/', '.') + " as it was (no method that can suspend; looked into in "
                        + RewriteStats.millis(took) + " ms)");
            }
            return result.bytes();
        } catch (Throwable t) {
            reporter.error("internal error while rewriting " + className.replace('/', '.') + "; the class loads unrewritten", t);
            return null;
        } finally {
            busy.remove();
        }
    }

    private ClassHierarchy hierarchy(ClassLoader loader) {
        synchronized (hierarchies) {
            return hierarchies.computeIfAbsent(loader, l -> ClassHierarchy.of(l, this::isSuspendable));
        }
    }

    /**
     * Writes the class as it came ({@code .before.class}) and as rewritten ({@code .after.class}), each with a
     * listing, under the {@code dump} directory. {@code after} is {@code null} for a class left as it was after an
     * error: then only the class as it came is written (the evidence those errors' fixes ask to report), and its
     * listing only when ASM can read it (a malformed class file cannot be listed).
     */
    private void dump(String className, byte[] before, byte[] after) {
        Path dir = options.dump();
        if (dir == null) {
            return;
        }
        try {
            Path base = dir.resolve(className);
            Files.createDirectories(base.getParent());
            Files.write(Path.of(base + ".before.class"), before);
            if (after == null) {
                String text;
                try {
                    text = listing(before);
                } catch (RuntimeException unreadable) {
                    return;
                }
                Files.writeString(Path.of(base + ".before.txt"), text);
                return;
            }
            Files.write(Path.of(base + ".after.class"), after);
            Files.writeString(Path.of(base + ".before.txt"), listing(before));
            Files.writeString(Path.of(base + ".after.txt"), listing(after));
        } catch (IOException | RuntimeException e) {
            reporter.error("could not dump " + className + " to " + dir, e);
        }
    }

    private static String listing(byte[] classFile) {
        StringWriter out = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(new PrintWriter(out)), 0);
        return out.toString();
    }

    /**
     * Whether the class file mentions a coflow name anywhere (true for every class that can suspend).
     * Runs for every class the JVM loads, mostly before anything of the agent is compiled, so it
     * leans on the JDK's own {@code String.indexOf}, which is compiled (and vectorised) early, rather
     * than on a byte loop of its own: a byte loop ran interpreted over the first few thousand classes
     * and cost about 10% of loading them (`StartupCost`).
     */
    static boolean mentionsCoflow(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).indexOf(MARKER_TEXT) >= 0;
    }

    private static final String MARKER_TEXT = new String(MARKER, StandardCharsets.ISO_8859_1);
}
