package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 17: {@code new Foo(Coroutines.yield())}: javac puts the uninitialised {@code new Foo} (and
 * its {@code dup}) on the stack under the suspension point, which cannot be saved, so the rewriter
 * moves {@code new}/{@code dup} after the arguments. Documented observable change, shown by a logging
 * {@code <clinit>}: {@code Logged}'s static initialiser now runs after the arguments are evaluated
 * (unrewritten, it would run first and the first snapshot would be {@code [clinit]}).
 */
public final class NewWithYieldArgument {
    static final List<String> LOG = new ArrayList<>();

    public static final List<Object> EXPECTED = List.of(
            List.of("argument"), "Logged(first, sent)", List.of("argument", "clinit", "init"),
            "box", "Box(second)", "another", "Box(third)", "2 boxes");
    public static final List<Object> SENDS = List.of("sent", "-", "-", "second", "-", "third");

    static final class Logged {
        static {
            LOG.add("clinit");
        }

        private final String text;

        Logged(String a, Object b) {
            LOG.add("init");
            text = "Logged(" + a + ", " + b + ")";
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static final class Box {
        static int made;
        private final Object value;

        Box(Object value) {
            made++;
            this.value = value;
        }

        @Override
        public String toString() {
            return "Box(" + value + ")";
        }
    }

    @Coroutine
    public static void body() {
        Logged logged = new Logged(log("first"), Coroutines.yield(List.copyOf(LOG)));
        Coroutines.yield(logged.toString());
        Coroutines.yield(List.copyOf(LOG));
        Coroutines.yield(new Box(Coroutines.yield("box")).toString());
        Object kept = new Box(Coroutines.yield("another"));
        Coroutines.yield(kept.toString());
        Coroutines.yield(Box.made + " boxes");
    }

    static String log(String argument) {
        LOG.add("argument");
        return argument;
    }
}
