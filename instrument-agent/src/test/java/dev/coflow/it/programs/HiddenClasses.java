package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * Classes defined as hidden classes ({@code Lookup.defineHiddenClass}, as frameworks define them), which the JVM never
 * passes to a Java agent: a plain one calling a coroutine method as a coroutine's body and called from one, and one
 * whose own {@code @Coroutine} method yields. Each yield must fail at the yield, naming the hidden class, before the
 * hidden class goes on (until 2026-12-08 the body went on with a dummy value, 0). Prints one line per case: the message
 * the coroutine ended with and what the hidden class went on with, or what the coroutine yielded and returned.
 */
public final class HiddenClasses {
    private HiddenClasses() {
    }

    /** What a {@link Forwarder} went on with, when it did. */
    public static volatile String wentOnWith = "nothing";

    @Coroutine
    public static int twice(int a) {
        int sent = Coroutines.yield(a);
        return sent * 2;
    }

    @Coroutine
    static int throughInterface(IntUnaryOperator op) {
        return op.applyAsInt(3) + 100;
    }

    /**
     * Defined as a hidden class: code that calls {@link #twice} and goes on with its result. Its methods are
     * {@code @Coroutine}, which a hidden class cannot make true; defined as an ordinary class, it is rewritten.
     */
    public static final class Forwarder implements IntUnaryOperator, Supplier<Object> {
        @Coroutine
        @Override
        public int applyAsInt(int v) {
            int r = twice(v) + 1;
            wentOnWith = "applyAsInt " + r;
            return r;
        }

        @Coroutine
        @Override
        public Object get() {
            int r = twice(5) + 1;
            wentOnWith = "get " + r;
            return r;
        }
    }

    /** Defined as a hidden class: a {@code @Coroutine} method of its own that yields. */
    public static final class OwnCoroutine implements Supplier<Object> {
        @Coroutine
        @Override
        public Object get() {
            Object sent = Coroutines.yield("from the hidden class");
            return "got " + sent;
        }
    }

    static Object hidden(Class<?> plain) throws Exception {
        String file = plain.getName().substring(plain.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = plain.getResourceAsStream(file)) {
            return MethodHandles.lookup().defineHiddenClass(in.readAllBytes(), true).lookupClass().getDeclaredConstructor().newInstance();
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        run("body", Coroutines.create((Supplier<Object>) hidden(Forwarder.class)));
        IntUnaryOperator op = (IntUnaryOperator) hidden(Forwarder.class);
        run("called", Coroutines.create(() -> throughInterface(op)));
        run("own", Coroutines.create((Supplier<Object>) hidden(OwnCoroutine.class)));
        // the same classes defined as ordinary classes are rewritten and run as plain Java would
        run("ordinary body", Coroutines.create(new Forwarder()));
        run("ordinary own", Coroutines.create(new OwnCoroutine()));
    }

    private static void run(String name, CoroutineHandle<Object, Object> handle) {
        wentOnWith = "nothing";
        Object first = null;
        try {
            first = handle.next();
            handle.send(7);
            System.out.println(name + ": yielded " + first + ", then did not end");
        } catch (StopIteration done) {
            System.out.println(name + ": yielded " + first + ", returned " + done.value() + ", went on with " + wentOnWith);
        } catch (RuntimeException e) {
            System.out.println(name + ": refused: " + e.getMessage() + " went on with " + wentOnWith);
        }
    }
}
