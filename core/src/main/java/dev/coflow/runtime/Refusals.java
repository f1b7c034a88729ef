package dev.coflow.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not API. The methods the agent refused to rewrite as their classes loaded, with what it reported:
 * a run-time error in such a method (a yield that cannot suspend, a frame that breaks a chain) then
 * says why the method was not rewritten and how to fix that, instead of advising to annotate a method
 * that already is. Keyed by binary class name, method name and descriptor; a class of the same name
 * in another loader shares the entry (only error messages read it). Empty when classes were rewritten
 * at build time.
 */
public final class Refusals {
    private static final Map<String, String[]> REPORTS = new ConcurrentHashMap<>();

    private Refusals() {
    }

    /**
     * Why the coroutine methods of a class loaded before a dynamic attach were not rewritten: the agent records it for
     * each of them when it is attached ({@code CoroutineAgent.agentmain}).
     */
    public static final String LOADED_BEFORE_AGENT = "its class was loaded before the agent was attached to the running JVM,"
            + " and the agent rewrites a class only as it loads (rewriting adds methods, which redefining a loaded class may not).";
    /** The fix for {@link #LOADED_BEFORE_AGENT}. */
    public static final String LOADED_BEFORE_AGENT_FIX = "attach the agent at start-up with -javaagent:instrument-agent.jar"
            + " instead of at run time.";

    /** Whether a recorded refusal is {@link #LOADED_BEFORE_AGENT}: not a decision the agent made when the class loaded. */
    static boolean loadedBeforeAgent(String[] refusal) {
        return refusal[0].equals(LOADED_BEFORE_AGENT);
    }

    /**
     * Records that {@code method} of {@code internalName} was refused: {@code what} says why, {@code fix}
     * how to fix it (the agent's report, without its header).
     */
    public static void record(String internalName, String method, String descriptor, String what, String fix) {
        REPORTS.put(key(internalName.replace('/', '.'), method, descriptor), new String[] {what, fix});
    }

    /** What was reported for the method, {@code {why, how to fix}}, or {@code null} when it was not refused. */
    static String[] find(String className, String method, String descriptor) {
        return REPORTS.get(key(className, method, descriptor));
    }

    private static String key(String className, String method, String descriptor) {
        return className + '#' + method + descriptor;
    }
}
