package dev.coflow.suspendablefixture.app;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.suspendablefixture.lib.Locked;
import dev.coflow.suspendablefixture.lib.Tree;
import java.util.List;

/** User code: a coroutine that yields from inside a library's visitor callback. */
public final class InOrder {
    private InOrder() {
    }

    /** Yields each value of the tree in order, from the lambda the library calls; returns the library's count. */
    @Coroutine
    public static int walk(List<String> values) {
        Tree<String> tree = Tree.of(values);
        int visited = tree.walk(v -> Coroutines.yield(v.toUpperCase()));
        Coroutines.yield("visited " + visited);
        return visited;
    }

    /** Yields through the plain method of a library class whose other methods are refused. */
    @Coroutine
    public static void plain() {
        Locked locked = new Locked(v -> { });
        Locked yielding = newYielding();
        yielding.plain("p");
        locked.plain("q");
    }

    private static Locked newYielding() {
        return new Locked(v -> {
            if (!v.equals("constructed")) {
                Coroutines.yield(v);
            }
        });
    }

    /** Yields through a synchronized library method: refused at rewrite time, so caught at run time as a foreign frame. */
    @Coroutine
    public static void throughSynchronized() {
        newYielding().each(List.of("a", "b"));
    }

    /**
     * Nothing yields: library calls through the visitor, through the JDK's forEach and back, so that
     * forced round trips (entryPoints=true and coflow-testkit) have points to take and points to pass by.
     */
    @Coroutine
    public static String busy(List<String> values) {
        StringBuilder out = new StringBuilder();
        Tree<String> tree = Tree.of(values);
        int n = tree.walk(v -> Tree.each(List.of(v, v + "!"), w -> out.append(Tree.of(List.of(w)).walk(x -> out.append(x))).append(' ')));
        return out.append(n).toString();
    }
}
