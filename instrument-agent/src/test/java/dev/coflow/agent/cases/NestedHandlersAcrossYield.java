package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 23-25: three nested {@code try} levels with suspension points at each: an exception
 * thrown at the innermost level after resumes skips a non-matching middle {@code catch}, runs the
 * inner and middle {@code finally} blocks (which suspend) in order, and reaches the outer handler.
 */
public final class NestedHandlersAcrossYield {
    public static final List<Object> EXPECTED = List.of(
            "outer", "middle", "inner", "inner finally", "middle finally", "outer caught:deep", "outer finally", "after");

    @Coroutine
    public static void body() {
        try {
            Coroutines.yield("outer");
            try {
                Coroutines.yield("middle");
                try {
                    Coroutines.yield("inner");
                    throw new IllegalStateException("deep");
                } finally {
                    Coroutines.yield("inner finally");
                }
            } catch (IllegalArgumentException wrongType) {
                Coroutines.yield("middle caught");
            } finally {
                Coroutines.yield("middle finally");
            }
        } catch (IllegalStateException e) {
            Coroutines.yield("outer caught:" + e.getMessage());
        } finally {
            Coroutines.yield("outer finally");
        }
        Coroutines.yield("after");
    }
}
