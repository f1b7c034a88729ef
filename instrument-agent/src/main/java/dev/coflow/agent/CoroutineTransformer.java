package dev.coflow.agent;

import dev.coflow.rewriter.ByteSearch;
import dev.coflow.rewriter.ClassFilter;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.RedefinedClass;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.runtime.Refusals;
import dev.coflow.rewriter.report.Reporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.instrument.ClassFileTransformer;
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
    private static final ByteSearch MARKER = ByteSearch.of("dev/coflow/");

    private final AgentOptions options;
    private final Reporter reporter;
    private final ClassRewriter.Options rewriteOptions;
    private final Map<ClassLoader, ClassHierarchy> hierarchies = new WeakHashMap<>();
    private ClassHierarchy platformHierarchy;
    /** The class this thread is rewriting, while it does (a class its loader loads meanwhile is left as it was). */
    private final ThreadLocal<String> busy = new ThreadLocal<>();
    /** Where the time goes, class by class; {@code null} unless {@code stats=} or {@code trace=true} asked. */
    private final RewriteStats stats;

    /**
     * Registers the {@link EntryWatcher} before the first class that coflow rewrote (at load or at build time) is
     * defined, so that it sees any later retransformation of such a class; {@code null} after it ran, or when there is
     * nothing to register. Guarded by {@code this}.
     */
    private Runnable watch;
    /** Whether {@link #watch} has run (or there was none): read without the lock on every rewritten class. */
    private volatile boolean watching;
    /**
     * Set when retransformations cannot be watched (an agent jar without {@code Can-Retransform-Classes}, or the watcher
     * could not be registered): then no class's direct calls of its own methods can be undone when another agent changes
     * the class, so every class is defined with them undone already ({@link RedefinedClass}), slower but exact.
     */
    private volatile boolean blind;

    /**
     * Gives a named module whose classes call coflow's runtime a read edge to it; {@code null} until the agent installs it
     * ({@link #readsWith}), so a transformer made by a test leaves modules alone.
     */
    private volatile ModuleReads moduleReads;

    public CoroutineTransformer(AgentOptions options, Reporter reporter) {
        this(options, reporter, null, null);
    }

    CoroutineTransformer(AgentOptions options, Reporter reporter, RewriteStats stats, Runnable watch) {
        this.options = options;
        this.reporter = reporter;
        this.stats = stats;
        this.watch = watch;
        this.watching = watch == null;
        this.rewriteOptions = new ClassRewriter.Options(options.verify(), options.entryPoints());
    }

    /** Named modules whose classes this transformer rewrote (or that were rewritten at build time) will read coflow's runtime. */
    void readsWith(java.lang.instrument.Instrumentation instrumentation) {
        this.moduleReads = new ModuleReads(instrumentation, reporter);
    }

    /** Whether every method of the class counts as a coroutine method: the {@code suspendable=} option, within the filters. */
    private boolean isSuspendable(String internalName) {
        return options.suspendable().test(internalName) && ClassFilter.mayRewrite(internalName, options.excludes());
    }

    /**
     * As below; then, for a class of a named module that calls coflow's runtime (rewritten now, or at build time), makes the
     * module read the runtime's module. A library in a named module made {@code suspendable=} does not declare
     * {@code requires dev.coflow}, and without the edge its rewritten classes fail with {@code IllegalAccessError} at their
     * first call into the runtime.
     */
    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        byte[] out = transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        ModuleReads reads = moduleReads;
        if (reads != null && module != null && module.isNamed() && loader != null && className != null
                && (out != null || classBeingRedefined == null && ClassFilter.mayRewrite(className, options.excludes())
                        && mentionsCoflow(classfileBuffer) && ClassRewriter.rewrittenBy(classfileBuffer) != null)) {
            reads.add(module, className);
        }
        return out;
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
        String outer = busy.get();
        if (outer != null) {
            leftReentrant(loader, className, outer, classfileBuffer);
            return null;
        }
        busy.set(className);
        try {
            String rewrittenBy = ClassRewriter.rewrittenBy(classfileBuffer);
            if (rewrittenBy != null) {
                watchForRetransformations();
                // rewritten at build time (the Maven plugin): never twice
                if (reporter.tracing()) {
                    reporter.trace("left " + className.replace('/', '.') + " as it was (rewritten at build time by coflow " + rewrittenBy + ")");
                }
                return blind ? RedefinedClass.undoDirectCalls(classfileBuffer) : null;
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
            for (Diagnostic d : result.warnings()) {
                reporter.report(d); // rewritten, but never compiled by the JIT
            }
            if (suspendable && isSuspendable(className)) {
                reporter.suspendableClass(result.rewritten().size());
            }
            if (result.bytes() != null) {
                watchForRetransformations();
                if (reporter.tracing()) {
                    reporter.trace("rewrote " + className.replace('/', '.') + " in " + RewriteStats.millis(took) + " ms: "
                            + String.join(", ", result.rewritten()));
                }
                dump(className, classfileBuffer, result.bytes());
                if (blind) {
                    byte[] undone = RedefinedClass.undoDirectCalls(result.bytes());
                    return undone == null ? result.bytes() : undone;
                }
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

    /**
     * A class whose loading began on this thread while it was rewriting {@code outer}: its class loader loaded it while
     * the rewriter read a class file through the loader. Rewriting it there could recurse without end, so it loads as it
     * was; said as an error naming both classes, and its coroutine methods recorded as refused, so that a yield in one
     * fails saying why instead of "the agent is not attached".
     */
    private void leftReentrant(ClassLoader loader, String className, String outer, byte[] classfileBuffer) {
        if (ClassRewriter.rewrittenBy(classfileBuffer) != null) {
            return; // rewritten at build time: nothing was left undone
        }
        String name = className.replace('/', '.');
        String what = "its class was loaded while the agent was rewriting " + outer.replace('/', '.') + " on the same thread"
                + " (the class loader " + loader.getClass().getName() + " loaded it while the agent read a class file through"
                + " the loader), so it was not rewritten.";
        String fix = "load " + name + " before " + outer.replace('/', '.') + " (for example with Class.forName when the"
                + " application starts), or report the class loader with this message.";
        reporter.error("cannot rewrite " + name + ": " + what + " Fix: " + fix, null);
        boolean every = isSuspendable(className);
        try {
            new ClassReader(classfileBuffer).accept(new org.objectweb.asm.ClassVisitor(dev.coflow.rewriter.AsmApi.LEVEL) {
                @Override
                public org.objectweb.asm.MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                                                   String[] exceptions) {
                    if (method.startsWith("<")) {
                        return null;
                    }
                    if (every) {
                        Refusals.record(className, method, descriptor, what, fix);
                        return null;
                    }
                    return new org.objectweb.asm.MethodVisitor(dev.coflow.rewriter.AsmApi.LEVEL) {
                        @Override
                        public org.objectweb.asm.AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                            if (annotation.equals(dev.coflow.runtime.BytecodeContract.COROUTINE_DESCRIPTOR)) {
                                Refusals.record(className, method, descriptor, what, fix);
                            }
                            return null;
                        }
                    };
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException unreadable) {
            // a class file ASM cannot read: the error above stands alone
        }
    }

    /**
     * Retransformations cannot be seen: every class defined from now on with its direct calls undone, so that any agent
     * may change any method ({@link #blind}). The caller turns entries off ({@code Bootstrap.classesChanged}).
     */
    void blind() {
        blind = true;
    }

    /** Runs {@link #watch} once, before the class being transformed is defined; every thread that gets here waits for it. */
    private void watchForRetransformations() {
        if (watching) {
            return;
        }
        synchronized (this) {
            if (watch != null) {
                Runnable w = watch;
                watch = null;
                try {
                    w.run();
                } catch (RuntimeException e) {
                    // retransformations cannot be seen: calls take the methods themselves, as with a jar that cannot watch
                    dev.coflow.runtime.Bootstrap.classesChanged();
                    blind();
                    reporter.error("could not watch for retransformed classes; virtual entries and direct calls are off", e);
                }
            }
            watching = true;
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

    /** Whether the class file mentions a coflow name anywhere (true for every class that can suspend). */
    static boolean mentionsCoflow(byte[] bytes) {
        return MARKER.in(bytes);
    }
}
