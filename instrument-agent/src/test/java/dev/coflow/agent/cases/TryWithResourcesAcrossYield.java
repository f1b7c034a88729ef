package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 26: try-with-resources with suspension points in the resource initialisation (a
 * construction and a coroutine call), in the body, and in a {@code close()} that is itself a coroutine
 * method; on the exceptional path javac calls {@code close()} inside its catch-all handler with the
 * primary exception live across the suspension, and a failing close is added as suppressed.
 */
public final class TryWithResourcesAcrossYield {
    public static final List<Object> EXPECTED = List.of(
            "init", "open", "body:first+second", "close second", "close first",
            "init", "failing body", "close bad", "primary:body failed suppressed:[close failed]");
    public static final List<Object> SENDS = List.of("first", "second", "-", "-", "-", "bad");

    static final class Resource implements AutoCloseable {
        private final Object name;

        Resource(Object name) {
            this.name = name;
        }

        @Coroutine
        @Override
        public void close() {
            Coroutines.yield("close " + name);
            if (name.equals("bad")) {
                throw new IllegalStateException("close failed");
            }
        }
    }

    @Coroutine
    static Resource open() {
        return new Resource(Coroutines.yield("open"));
    }

    @Coroutine
    public static void body() {
        try (Resource first = new Resource(Coroutines.yield("init")); Resource second = open()) {
            Coroutines.yield("body:" + first.name + "+" + second.name);
        }
        try {
            try (Resource bad = new Resource(Coroutines.yield("init"))) {
                Coroutines.yield("failing body");
                throw new UnsupportedOperationException("body failed");
            }
        } catch (UnsupportedOperationException e) {
            StringBuilder suppressed = new StringBuilder();
            for (Throwable s : e.getSuppressed()) {
                suppressed.append(s.getMessage());
            }
            Coroutines.yield("primary:" + e.getMessage() + " suppressed:[" + suppressed + "]");
        }
    }
}
