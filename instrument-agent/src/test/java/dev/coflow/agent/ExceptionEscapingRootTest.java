package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseHarness;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Catalogue 29: an exception thrown after a resume that no frame of the {@code ExceptionEscapingRoot}
 * fixture catches leaves the coroutine as the same instance, after every {@code finally} on its way
 * ran once; the coroutine is then closed and has no result.
 */
class ExceptionEscapingRootTest {
    private Class<?> fixture;
    private CoroutineHandle<Object, Object> handle;

    @BeforeEach
    void load() throws Exception {
        fixture = CaseHarness.load("ExceptionEscapingRoot");
        Method body = fixture.getDeclaredMethod("body");
        handle = dev.coflow.agent.harness.Roots.coroutine(body);
    }

    @Test
    void send_exceptionThrownByRootEscapesAndCloses() throws Exception {
        assertEquals("root", handle.next());
        IllegalStateException escaped = assertThrows(IllegalStateException.class, () -> handle.send("at root"));
        assertSame(fixture.getField("thrown").get(null), escaped);
        assertEquals("at root", escaped.getMessage());
        assertEquals(List.of("root finally"), log());
        assertClosedWithoutResult();
    }

    @Test
    void send_exceptionThrownTwoFramesDownEscapesThroughEveryFinally() throws Exception {
        assertEquals("root", handle.next());
        assertEquals("leaf", handle.next());
        IllegalStateException escaped = assertThrows(IllegalStateException.class, () -> handle.send("in leaf"));
        assertSame(fixture.getField("thrown").get(null), escaped);
        assertEquals(List.of("middle finally", "root finally"), log());
        assertClosedWithoutResult();
    }

    @Test
    void send_escapingExceptionTraceNamesTheLogicalCallers() {
        assertEquals("root", handle.next());
        assertEquals("leaf", handle.next());
        IllegalStateException escaped = assertThrows(IllegalStateException.class, () -> handle.send("in leaf"));
        List<String> fixtureFrames = new ArrayList<>();
        for (StackTraceElement e : escaped.getStackTrace()) {
            if (e.getClassName().equals(fixture.getName())) {
                assertTrue(e.getLineNumber() > 0, () -> "no line number in " + e);
                fixtureFrames.add(e.getMethodName());
            }
        }
        assertEquals(List.of("leaf", "middle", "body"), fixtureFrames);
    }

    private void assertClosedWithoutResult() {
        assertEquals(CoroutineState.CLOSED, handle.state());
        assertTrue(handle.isDone());
        assertFalse(handle.hasResult());
        assertThrows(IllegalStateException.class, handle::result);
        assertThrows(StopIteration.class, handle::next);
        RuntimeException later = new UnsupportedOperationException("into a closed coroutine");
        assertSame(later, assertThrows(UnsupportedOperationException.class, () -> handle.throwIn(later)));
        assertEquals(CoroutineState.CLOSED, handle.state());
    }

    @SuppressWarnings("unchecked")
    private List<String> log() throws ReflectiveOperationException {
        return List.copyOf((List<String>) fixture.getField("LOG").get(null));
    }
}
