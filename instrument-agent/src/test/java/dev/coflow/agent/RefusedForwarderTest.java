package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.Roots;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wrong value found by applying the error catalogue's fixes: a refused coroutine method forwarding to
 * another implementation of the same interface method let its caller's key through, the implementation
 * below suspended, and the refused frame was skipped on resume (30 instead of plain Java's 32). A refused
 * method now drops the key at its entry, so the yield below it fails at once, before anything else runs.
 */
class RefusedForwarderTest {
    private static final String PACKAGE = "dev.coflow.agent.refusedforwarder.";

    @Test
    void yieldBelowARefusedForwarder_failsAtTheYield_neverSkipsTheRefusedFrame() throws Exception {
        CaseClassLoader loader = new CaseClassLoader(PACKAGE);
        Class<?> fixture = loader.loadClass(PACKAGE + "RefusedForwarder");
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) fixture.getField("LOG").get(null);
        log.clear();
        CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getMethod("body"));
        Throwable thrown = assertThrows(Throwable.class, h::next, "the yield below the refused frame suspended");
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof NotRewrittenException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(NotRewrittenException.class, cause, () -> "threw " + thrown);
        assertTrue(cause.getMessage().contains("RefusedForwarder$Locked"), cause.getMessage());
        assertEquals(List.of("below, before yield"), log);
        assertEquals(CoroutineState.CLOSED, h.state());
        List<String> d = loader.diagnostics();
        assertEquals(1, d.size(), d::toString);
        assertTrue(d.get(0).contains("RefusedForwarder$Locked#value (I)I"), d::toString);
    }
}
