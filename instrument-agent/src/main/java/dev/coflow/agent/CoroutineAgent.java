package dev.coflow.agent;

import dev.coflow.agent.report.Reporter;
import dev.coflow.agent.transform.CoroutineTransformer;
import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point: parses the options and registers the transformer that
 * rewrites {@code @Coroutine} methods as their classes load.
 */
public final class CoroutineAgent {
    private CoroutineAgent() {
    }

    /** The exit status of a JVM whose agent options are bad, as for a command-line usage error. */
    static final int BAD_OPTIONS_EXIT_STATUS = 2;

    /**
     * Called by the JVM before {@code main} for {@code -javaagent:instrument-agent.jar[=options]}.
     * Bad options print one message (what is wrong, an example, the valid keys) and stop the JVM
     * with status 2. The agent exits itself rather than throwing: an exception out of
     * {@code premain} makes the JVM abort with a native "processJavaStart failed" dump and status 134.
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            System.exit(BAD_OPTIONS_EXIT_STATUS);
            return;
        }
        install(options, instrumentation);
    }

    /**
     * Called when the agent is attached to a running JVM. Classes loaded before are not rewritten
     * (rewriting adds methods, which retransformation forbids); attach with -javaagent instead.
     * Bad options throw {@link IllegalArgumentException}, which fails the attach and leaves the
     * application running.
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        // A bad option fails the attach (the attaching tool reports it); the running application goes on.
        install(AgentOptions.parse(arguments), instrumentation);
    }

    private static void install(AgentOptions options, Instrumentation instrumentation) {
        Reporter reporter = new Reporter(System.err, options.trace());
        instrumentation.addTransformer(new CoroutineTransformer(options, reporter), false);
        if (!options.suspendable().isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(reporter::printSummary, "coflow-summary"));
        }
        String version = CoroutineAgent.class.getPackage().getImplementationVersion();
        System.setProperty("coflow.agent", version == null ? "dev" : version);
        if (options.strict()) {
            System.setProperty("coflow.strict", "true");
        }
        reporter.trace("agent " + (version == null ? "dev" : version) + " installed with " + options);
    }
}
