package dev.coflow.it.programs.plain;

import dev.coflow.it.programs.suspendablelib.Walker;
import java.util.List;

/**
 * An application that knows nothing of coflow (no reference to {@code dev.coflow}), run by
 * AgentProcessIT with {@code suspendable=} on the library it calls and without coflow-core on its
 * class path: the rewritten library must still find the runtime.
 */
public final class PlainWalk {
    private PlainWalk() {
    }

    public static void main(String[] args) {
        int walked = new Walker(List.of("x", "y")).walk(item -> System.out.println("item " + item));
        System.out.println("walked " + walked);
    }
}
