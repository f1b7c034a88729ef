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

    /** Called by the JVM before {@code main} for {@code -javaagent:instrument-agent.jar[=options]}. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    /**
     * Called when the agent is attached to a running JVM. Classes loaded before are not rewritten
     * (rewriting adds methods, which retransformation forbids); attach with -javaagent instead.
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    private static void install(String arguments, Instrumentation instrumentation) {
        AgentOptions options = AgentOptions.parse(arguments);
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
