package dev.coflow.agent.twr;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Catalogue 55: try-with-resources as javac 9 and 10 compiled it, written out by hand: the {@code finally} calls a
 * {@code private static $closeResource(Throwable, AutoCloseable)} helper that closes the resource through
 * {@code AutoCloseable} and keeps a failing close as suppressed. javac marks the helper synthetic;
 * {@code TryWithResourcesShapesTest} sets that flag before loading the class, as javac 9 left it.
 */
public final class Javac9CloseResource {
    private Javac9CloseResource() {
    }

    static final class Resource implements AutoCloseable {
        private final Object name;

        Resource(Object name) {
            this.name = name;
        }

        @Coroutine
        @Override
        public void close() {
            Coroutines.yield("close " + name);
        }
    }

    @Coroutine
    public static void body() throws Exception {
        // try (Resource r = new Resource(Coroutines.yield("init"))) { Coroutines.yield("body " + r.name); }
        Resource r = new Resource(Coroutines.yield("init"));
        Throwable primary = null;
        try {
            Coroutines.yield("body " + r.name);
        } catch (Throwable t) {
            primary = t;
            throw t;
        } finally {
            if (r != null) {
                $closeResource(primary, r);
            }
        }
        Coroutines.yield("after");
    }

    /** The fix: the same statement, compiled by javac 11 or newer (here javac 17). */
    @Coroutine
    public static void recompiled() {
        try (Resource r = new Resource(Coroutines.yield("init"))) {
            Coroutines.yield("body " + r.name);
        }
        Coroutines.yield("after");
    }

    private static void $closeResource(Throwable primary, AutoCloseable resource) throws Exception {
        if (primary != null) {
            try {
                resource.close();
            } catch (Throwable x) {
                primary.addSuppressed(x);
            }
        } else {
            resource.close();
        }
    }
}
