package dev.coflow.it.programs;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * A call inside a coroutine that is the first use of the class it calls into, whose static initialiser calls the
 * same coroutine method: the JVM runs the initialiser between the call site and the method, in a frame the agent
 * did not rewrite. An initialiser cannot suspend, so where its call reaches a yield the coroutine must fail at that
 * yield, naming {@code <clinit>}, before the initialiser goes on; where it does not, the initialiser finishes and the
 * call the coroutine made suspends and resumes as in plain Java. Each shape has a class of its own, so that each is
 * the first use of its class: a static call of a class's method ({@code Lazy}), of an interface's static method
 * ({@code LazyFace}), and a static call made from an interface's static method ({@code Caller}). Prints one line per
 * shape: what the coroutine yielded and returned, or the message it failed with, and the log.
 */
public final class ClassInitByCall {
    private ClassInitByCall() {
    }

    static final List<String> LOG = new ArrayList<>();

    /** Its initialiser's call of {@link #value} yields. */
    static final class Lazy {
        static final int VALUE;

        static {
            LOG.add("Lazy init");
            VALUE = value(1, true);
            LOG.add("Lazy init got " + VALUE);
        }

        @Coroutine
        static int value(int k, boolean suspend) {
            return suspend ? yielding("value", k) : k * 10;
        }
    }

    /** Its initialiser's call of {@link #value} returns without a yield. */
    static final class QuietInit {
        static final int VALUE;

        static {
            VALUE = value(3, false);
            LOG.add("QuietInit init got " + VALUE);
        }

        @Coroutine
        static int value(int k, boolean suspend) {
            return suspend ? yielding("value", k) + VALUE : k * 10;
        }
    }

    /** An interface whose field initialiser calls its own static coroutine method. */
    interface LazyFace {
        int VALUE = LazyFace.value(5, LOG.add("LazyFace init"));

        @Coroutine
        static int value(int k, boolean suspend) {
            return suspend ? yielding("face value", k) : k * 10;
        }
    }

    /** The callee of {@link Caller#call}: its initialiser's call yields. */
    static final class LazyCallee {
        static final int VALUE;

        static {
            LOG.add("LazyCallee init");
            VALUE = value(7, true);
            LOG.add("LazyCallee init got " + VALUE);
        }

        @Coroutine
        static int value(int k, boolean suspend) {
            return yielding("callee value", k);
        }
    }

    /** An interface whose static coroutine method makes the first call of {@link LazyCallee}. */
    interface Caller {
        @Coroutine
        static int call(int k) {
            return LazyCallee.value(k, true) + 1;
        }
    }

    /** Yields {@code k} and returns what was sent, logging both under {@code who}. */
    @Coroutine
    static int yielding(String who, int k) {
        LOG.add(who + "(" + k + ") yields");
        int got = Coroutines.<Integer>yield(k);
        LOG.add(who + "(" + k + ") got " + got);
        return got;
    }

    @Coroutine
    static int lazy() {
        return Lazy.value(2, true);
    }

    @Coroutine
    static int quiet() {
        return QuietInit.value(4, true);
    }

    @Coroutine
    static int face() {
        return LazyFace.value(6, true);
    }

    @Coroutine
    static int fromInterface() {
        return Caller.call(8);
    }

    interface Body {
        int run();
    }

    private static void run(String name, Body body) {
        LOG.clear();
        CoroutineHandle<Integer, Integer> h = Coroutines.create(body::run);
        StringBuilder line = new StringBuilder(name).append(": ");
        try {
            Integer first = h.send(null);
            line.append("yielded ").append(first);
            try {
                h.send(100);
                line.append(", no return");
            } catch (dev.coflow.StopIteration stop) {
                line.append(", returned ").append((Object) stop.value());
            }
        } catch (Throwable t) {
            Throwable c = t;
            while (c.getCause() != null && !(c instanceof dev.coflow.NotRewrittenException)) {
                c = c.getCause();
            }
            line.append(t.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        System.out.println(line.append(" log ").append(LOG));
    }

    public static void main(String[] args) {
        run("lazy", ClassInitByCall::lazy);
        run("quiet", ClassInitByCall::quiet);
        run("face", ClassInitByCall::face);
        run("fromInterface", ClassInitByCall::fromInterface);
    }
}
