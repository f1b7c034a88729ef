package dev.coflow.agent;

import dev.coflow.rewriter.report.Reporter;
import dev.coflow.agent.CoroutineTransformer;
import dev.coflow.Coroutine;
import dev.coflow.rewriter.ClassFilter;
import dev.coflow.runtime.Refusals;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * The {@code -javaagent} entry point: parses the options and registers the transformer that
 * rewrites {@code @Coroutine} methods as their classes load.
 */
public final class CoroutineAgent {
    private CoroutineAgent() {
    }

    /** The exit status of a JVM the agent stops at start-up (bad options, another core version), as for a usage error. */
    static final int STARTUP_ERROR_EXIT_STATUS = 2;

    /**
     * Called by the JVM before {@code main} for {@code -javaagent:instrument-agent.jar[=options]}.
     * Bad options print one message (what is wrong, an example, the valid keys) and stop the JVM
     * with status 2; so does a coflow-core of another version first on the class path
     * ({@link CoreVersionCheck}). The agent exits itself rather than throwing: an exception out of
     * {@code premain} makes the JVM abort with a native "processJavaStart failed" dump and status 134.
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            System.exit(STARTUP_ERROR_EXIT_STATUS);
            return;
        }
        String mismatch = CoreVersionCheck.mismatch(ClassLoader.getSystemClassLoader(), agentVersion());
        if (mismatch != null) {
            System.err.println(mismatch);
            System.err.flush();
            System.exit(STARTUP_ERROR_EXIT_STATUS);
            return;
        }
        install(options, instrumentation);
    }

    /**
     * Called when the agent is attached to a running JVM. Classes loaded before are not rewritten
     * (rewriting adds methods, which retransformation forbids); attach with -javaagent instead.
     * Bad options throw {@link IllegalArgumentException}, and a coflow-core of another version
     * {@link IllegalStateException}; either fails the attach and leaves the application running.
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        // A bad option or another core version fails the attach (the attaching tool reports it); the application goes on.
        AgentOptions options = AgentOptions.parse(arguments);
        String mismatch = CoreVersionCheck.mismatch(ClassLoader.getSystemClassLoader(), agentVersion());
        if (mismatch != null) {
            throw new IllegalStateException(mismatch);
        }
        // before the transformer is registered: the classes this needs then load without it
        Reporter reporter = new Reporter(System.err, options.trace());
        try {
            reportLoadedBefore(instrumentation.getAllLoadedClasses(), options, reporter);
        } catch (LinkageError e) {
            reporter.error("could not look for coroutine classes loaded before the agent", e);
        }
        install(options, instrumentation);
    }

    /**
     * After a dynamic attach: the classes already loaded that declare {@code @Coroutine} methods are not rewritten. Each
     * such method is recorded as refused (a yield in it then says why, {@code Refusals}), and one warning line names
     * the classes. Platform classes, coflow's own and excluded ones are not looked at; a class whose methods cannot be
     * listed (a missing class in a signature) is skipped.
     */
    static List<String> reportLoadedBefore(Class<?>[] loaded, AgentOptions options, Reporter reporter) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : loaded) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || c.getClassLoader() == null
                    || !ClassFilter.mayRewrite(c.getName().replace('.', '/'), options.excludes())) {
                continue;
            }
            Method[] methods;
            try {
                methods = c.getDeclaredMethods();
            } catch (LinkageError e) {
                continue;
            }
            boolean any = false;
            for (Method m : methods) {
                if (m.isAnnotationPresent(Coroutine.class)) {
                    Refusals.record(c.getName().replace('.', '/'), m.getName(), Type.getMethodDescriptor(m), Refusals.LOADED_BEFORE_AGENT,
                            Refusals.LOADED_BEFORE_AGENT_FIX);
                    any = true;
                }
            }
            if (any) {
                names.add(c.getName());
            }
        }
        if (!names.isEmpty()) {
            java.util.Collections.sort(names);
            reporter.line("[coflow] WARNING " + names.size() + (names.size() == 1 ? " class" : " classes") + " with @Coroutine methods"
                    + " loaded before the agent was attached will not be rewritten, and a yield in them fails: "
                    + String.join(", ", names) + ". Fix: " + Refusals.LOADED_BEFORE_AGENT_FIX);
        }
        return names;
    }

    /** The agent jar's Implementation-Version, or {@code null} when run from classes (tests). */
    private static String agentVersion() {
        return CoroutineAgent.class.getPackage().getImplementationVersion();
    }

    private static Reporter install(AgentOptions options, Instrumentation instrumentation) {
        Reporter reporter = new Reporter(System.err, options.trace());
        RewriteStats stats = options.stats() != null || options.trace() ? new RewriteStats() : null;
        Runnable watch;
        if (instrumentation.isRetransformClassesSupported()) {
            // registered when the first rewritten class loads, not now: a retransformation-capable transformer makes the
            // JVM call into Java a second time for every class it loads, which cost a program without coroutines about
            // 3% of its class-loading time (StartupCost, design.md "The agent")
            EntryWatcher watcher = new EntryWatcher(reporter);
            watch = () -> instrumentation.addTransformer(watcher, true);
        } else {
            watch = null;
        }
        CoroutineTransformer transformer = new CoroutineTransformer(options, reporter, stats, watch);
        if (watch == null) {
            // a jar without Can-Retransform-Classes: retransformations cannot be seen, so calls take the methods themselves
            dev.coflow.runtime.Bootstrap.classesChanged();
            transformer.blind();
            reporter.trace("virtual entries and direct calls off: the agent jar cannot watch for retransformed classes");
        }
        transformer.readsWith(instrumentation);
        instrumentation.addTransformer(transformer, false);
        if (!options.suspendable().isEmpty() || stats != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> atExit(options, reporter, stats), "coflow-summary"));
        }
        String version = agentVersion();
        System.setProperty("coflow.agent", version == null ? "dev" : version);
        if (options.strict()) {
            System.setProperty("coflow.strict", "true");
        }
        reporter.trace("agent " + (version == null ? "dev" : version) + " installed with " + options);
        return reporter;
    }

    /** The summaries printed at exit: what {@code suspendable=} rewrote, and what rewriting at class load cost ({@code stats=}, {@code trace=true}). */
    private static void atExit(AgentOptions options, Reporter reporter, RewriteStats stats) {
        if (!options.suspendable().isEmpty()) {
            reporter.printSummary();
        }
        if (stats == null) {
            return;
        }
        Path file = options.stats();
        if (file != null) {
            try {
                stats.write(file);
            } catch (IOException | RuntimeException e) {
                reporter.error("could not write stats to " + file, e);
                file = null;
            }
        }
        reporter.line(stats.summary(file));
    }
}
