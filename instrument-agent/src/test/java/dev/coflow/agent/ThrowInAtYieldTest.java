package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseHarness;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Catalogue 27: exceptions injected at a suspension point of the {@code ThrowInAtYield} fixture (three
 * coroutine frames: body, outer, inner) reach the handlers of every frame in source order, and each
 * {@code finally} block runs exactly once.
 */
class ThrowInAtYieldTest {
    private Class<?> fixture;
    private CoroutineHandle<Object, Object> handle;

    @BeforeEach
    void load() throws Exception {
        fixture = CaseHarness.load("ThrowInAtYield");
        Method body = fixture.getDeclaredMethod("body");
        handle = dev.coflow.agent.harness.Roots.coroutine(body);
    }

    @Test
    void throwIn_caughtByHandlerAroundTheYield() {
        assertEquals("inner", handle.next());
        assertEquals("recovered", handle.throwIn(new IllegalArgumentException("x")));
        assertEquals(List.of("inner caught x"), log());
        assertEquals("inner done", handle.next());
        assertEquals("outer done", handle.next());
        StopIteration stop = assertThrows(StopIteration.class, handle::next);
        assertEquals("normal", stop.value());
        assertEquals(List.of("inner caught x", "inner finally", "outer finally"), log());
    }

    @Test
    void throwIn_runsEachFinallyOnceOnTheWayToTheRootHandler() throws Exception {
        assertEquals("inner", handle.next());
        IllegalStateException injected = new IllegalStateException("boom");
        assertEquals("after catch", handle.throwIn(injected));
        assertEquals(List.of("inner finally", "outer finally", "body caught boom"), log());
        assertSame(injected, fixture.getField("caughtAtRoot").get(null));
        StopIteration stop = assertThrows(StopIteration.class, handle::next);
        assertEquals("caught", stop.value());
        assertEquals(List.of("inner finally", "outer finally", "body caught boom"), log());
    }

    @Test
    void throwIn_atYieldOfOuterFrameAfterInnerFinished() {
        assertEquals("inner", handle.next());
        assertEquals("inner done", handle.next());
        assertEquals("outer done", handle.next());
        assertEquals(List.of("inner finally"), log());
        assertEquals("after catch", handle.throwIn(new IllegalStateException("late")));
        assertEquals(List.of("inner finally", "outer finally", "body caught late"), log());
    }

    @Test
    void throwIn_uncaughtEscapesAsSameInstanceAndCloses() {
        assertEquals("inner", handle.next());
        UnsupportedOperationException injected = new UnsupportedOperationException("nobody catches this");
        UnsupportedOperationException escaped = assertThrows(UnsupportedOperationException.class, () -> handle.throwIn(injected));
        assertSame(injected, escaped);
        assertEquals(CoroutineState.CLOSED, handle.state());
        assertEquals(List.of("inner finally", "outer finally"), log());
        assertThrows(StopIteration.class, handle::next);
        IllegalStateException again = new IllegalStateException("after close");
        assertSame(again, assertThrows(IllegalStateException.class, () -> handle.throwIn(again)));
        assertEquals(List.of("inner finally", "outer finally"), log());
    }

    @Test
    void close_raisesGeneratorExitAtTheYieldAndRunsFinallyBlocksOnce() {
        assertEquals("inner", handle.next());
        handle.close();
        assertEquals(CoroutineState.CLOSED, handle.state());
        assertEquals(List.of("inner finally", "outer finally"), log());
        handle.close();
        assertEquals(List.of("inner finally", "outer finally"), log());
    }

    @SuppressWarnings("unchecked")
    private List<String> log() {
        try {
            return List.copyOf((List<String>) fixture.getField("LOG").get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
