package dev.coflow.agent.catalogue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * NotRewrittenException "the coflow agent is not attached": one class, run unrewritten (no agent) and
 * rewritten as it loads (the agent, which the test's class loader stands in for).
 */
public final class AgentNotAttached {
    private AgentNotAttached() {
    }

    @Coroutine
    public static Object body() {
        Coroutines.yield("a");
        Coroutines.yield("b");
        return "done";
    }
}
