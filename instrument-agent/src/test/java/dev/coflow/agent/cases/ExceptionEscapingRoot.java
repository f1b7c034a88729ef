package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 29: an exception thrown after a resume that no frame catches, at the root or two frames
 * below it, escapes the coroutine. Sending {@code null} (as here) it finishes normally;
 * {@code ExceptionEscapingRootTest} sends a message that makes a frame throw and checks that the same
 * instance comes out, the {@code finally} blocks ran once, and the coroutine is closed.
 */
public final class ExceptionEscapingRoot {
    public static final List<Object> EXPECTED = List.of("root", "leaf", "leaf done", "root done");
    /** What the finally blocks did, in order. */
    public static final List<String> LOG = new ArrayList<>();
    /** The last exception a frame threw. */
    public static RuntimeException thrown;

    @Coroutine
    public static void body() {
        try {
            Object sent = Coroutines.yield("root");
            if (sent instanceof String message) {
                thrown = new IllegalStateException(message);
                throw thrown;
            }
            middle();
            Coroutines.yield("root done");
        } finally {
            LOG.add("root finally");
        }
    }

    @Coroutine
    static void middle() {
        try {
            leaf();
        } finally {
            LOG.add("middle finally");
        }
    }

    @Coroutine
    static void leaf() {
        Object sent = Coroutines.yield("leaf");
        if (sent instanceof String message) {
            thrown = new IllegalStateException(message);
            throw thrown;
        }
        Coroutines.yield("leaf done");
    }
}
