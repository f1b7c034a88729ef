package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.function.Supplier;

/**
 * Prints, for exceptions that end a coroutine's first step in several call shapes, the stack trace from the throw
 * down to the handle's {@code start}: the same lines with and without the agent (AgentProcessIT), since every shape
 * throws before any yield and runs as plain Java without it.
 */
public final class FreshTraces {
    private FreshTraces() {
    }

    /** Never true: a yield each method could reach, so that the agent rewrites it. */
    static boolean never;

    interface Source {
        @Coroutine
        String read(String s);
    }

    static class Reader implements Source {
        @Override
        @Coroutine
        public String read(String s) {
            if (never) {
                Coroutines.yield(s);
            }
            throw new IllegalStateException("rewritten " + s);
        }
    }

    static class PlainReader extends Reader {
        @Override
        public String read(String s) {
            throw new IllegalStateException("plain override " + s);
        }
    }

    static final class Other {
        private Other() {
        }

        @Coroutine
        static String fetch(String s) {
            if (never) {
                Coroutines.yield(s);
            }
            throw new IllegalStateException("static " + s);
        }
    }

    @Coroutine
    static String viaVirtual(Reader r, String s) {
        String got = r.read(s);
        return got;
    }

    @Coroutine
    static String viaInterface(Source r, String s) {
        String got = r.read(s);
        return got;
    }

    @Coroutine
    static String viaStatic(String s) {
        String got = Other.fetch(s);
        return got;
    }

    @Coroutine
    static String thrower() {
        if (never) {
            Coroutines.yield("x");
        }
        throw new IllegalStateException("method reference");
    }

    @Coroutine
    static String nested() {
        CoroutineHandle<Object, Object> inner = Coroutines.create(() -> viaStatic("inner"));
        Object first = inner.next();
        return String.valueOf(first);
    }

    private static void show(String label, Supplier<?> body) {
        try {
            Coroutines.create(body).next();
            System.out.println(label + ": no exception");
        } catch (RuntimeException e) {
            System.out.println(label + ": " + e.getMessage());
            int starts = 0;
            for (StackTraceElement el : e.getStackTrace()) {
                System.out.println("  " + el.getClassName() + "." + el.getMethodName() + ":" + el.getLineNumber());
                if (el.getClassName().equals("dev.coflow.Handle") && el.getMethodName().equals("start") && ++starts == 2) {
                    break;
                }
            }
        }
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        show("virtual, rewritten", () -> viaVirtual(new Reader(), "a"));
        show("virtual, plain override", () -> viaVirtual(new PlainReader(), "b"));
        show("interface", () -> viaInterface(new Reader(), "c"));
        show("static, other class", () -> viaStatic("d"));
        show("method reference", FreshTraces::thrower);
        show("nested", () -> nested());
        // a caller below the coroutine that is called through reflection, whose frames stack traces show
        FreshTraces.class.getDeclaredMethod("show", String.class, Supplier.class)
                .invoke(null, "reflective caller", (Supplier<?>) () -> viaStatic("e"));
    }
}
