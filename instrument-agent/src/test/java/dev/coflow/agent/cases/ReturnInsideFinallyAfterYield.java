package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 25: {@code return} inside a {@code finally} that suspends first: it discards the pending
 * exception; and a {@code return x} from {@code try} whose {@code finally} suspends and reassigns
 * {@code x}: the value computed before the {@code finally} is returned.
 */
public final class ReturnInsideFinallyAfterYield {
    public static final List<Object> EXPECTED = List.of(
            "try", "finally", "swallowed:from finally",
            "finally2", "kept:from try",
            "long finally", "wide:42");
    public static final Object RESULT = "done";

    @Coroutine
    public static Object body() {
        Coroutines.yield("swallowed:" + swallow());
        Coroutines.yield("kept:" + keep());
        Coroutines.yield("wide:" + wide());
        return "done";
    }

    @Coroutine
    @SuppressWarnings("finally")
    static String swallow() {
        try {
            Coroutines.yield("try");
            throw new IllegalStateException("lost");
        } finally {
            Coroutines.yield("finally");
            return "from finally";
        }
    }

    @Coroutine
    static String keep() {
        String x = "from try";
        try {
            return x;
        } finally {
            x = "changed in finally";
            Coroutines.yield("finally2");
        }
    }

    @Coroutine
    static long wide() {
        long x = 42;
        try {
            return x;
        } finally {
            x = -1;
            Coroutines.yield("long finally");
        }
    }
}
