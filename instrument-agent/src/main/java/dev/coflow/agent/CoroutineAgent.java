package dev.coflow.agent;

import dev.coflow.rewriter.report.Reporter;
import dev.coflow.agent.CoroutineTransformer;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

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
        install(options, instrumentation);
    }

    /** The agent jar's Implementation-Version, or {@code null} when run from classes (tests). */
    private static String agentVersion() {
        return CoroutineAgent.class.getPackage().getImplementationVersion();
    }

    private static void install(AgentOptions options, Instrumentation instrumentation) {
        Reporter reporter = new Reporter(System.err, options.trace());
        RewriteStats stats = options.stats() != null || options.trace() ? new RewriteStats() : null;
        instrumentation.addTransformer(new CoroutineTransformer(options, reporter, stats), false);
        if (!options.suspendable().isEmpty() || stats != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> atExit(options, reporter, stats), "coflow-summary"));
        }
        String version = agentVersion();
        System.setProperty("coflow.agent", version == null ? "dev" : version);
        if (options.strict()) {
            System.setProperty("coflow.strict", "true");
        }
        reporter.trace("agent " + (version == null ? "dev" : version) + " installed with " + options);
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
