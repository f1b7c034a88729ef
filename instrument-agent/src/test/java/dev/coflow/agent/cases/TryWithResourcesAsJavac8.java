package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 55: try-with-resources as javac 7 and 8 compiled it, written out by hand (javac 17 compiles this source to
 * the same shape: a {@code Throwable} local for the primary exception, set by a catch-all that rethrows, and a
 * {@code finally} copied onto every exit that closes the resource with the suppressed-exception bookkeeping inline).
 * The primary exception is live across the suspension in {@code close()}, on the exceptional path inside the
 * catch-all's copy of the {@code finally}. Same program and values as {@link TryWithResourcesAcrossYield}, the javac
 * 11+ shape.
 */
public final class TryWithResourcesAsJavac8 {
    public static final List<Object> EXPECTED = TryWithResourcesAcrossYield.EXPECTED;
    public static final List<Object> SENDS = TryWithResourcesAcrossYield.SENDS;

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
        // try (Resource first = new Resource(Coroutines.yield("init")); Resource second = open()) { ... }
        Resource first = new Resource(Coroutines.yield("init"));
        Throwable primaryFirst = null;
        try {
            Resource second = open();
            Throwable primarySecond = null;
            try {
                Coroutines.yield("body:" + first.name + "+" + second.name);
            } catch (Throwable t) {
                primarySecond = t;
                throw t;
            } finally {
                if (second != null) {
                    if (primarySecond != null) {
                        try {
                            second.close();
                        } catch (Throwable x) {
                            primarySecond.addSuppressed(x);
                        }
                    } else {
                        second.close();
                    }
                }
            }
        } catch (Throwable t) {
            primaryFirst = t;
            throw t;
        } finally {
            if (first != null) {
                if (primaryFirst != null) {
                    try {
                        first.close();
                    } catch (Throwable x) {
                        primaryFirst.addSuppressed(x);
                    }
                } else {
                    first.close();
                }
            }
        }
        try {
            // try (Resource bad = new Resource(Coroutines.yield("init"))) { ...; throw ... }
            Resource bad = new Resource(Coroutines.yield("init"));
            Throwable primary = null;
            try {
                Coroutines.yield("failing body");
                throw new UnsupportedOperationException("body failed");
            } catch (Throwable t) {
                primary = t;
                throw t;
            } finally {
                if (bad != null) {
                    if (primary != null) {
                        try {
                            bad.close();
                        } catch (Throwable x) {
                            primary.addSuppressed(x);
                        }
                    } else {
                        bad.close();
                    }
                }
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
