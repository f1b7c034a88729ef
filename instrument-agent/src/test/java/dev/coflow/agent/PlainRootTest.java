package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.CaseClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wrong result the transparency corpus found: a coroutine whose body is a plain method left the handle's
 * key for the body's first call on the thread, and a lambda that library code called back through the same
 * interface took it as its own and suspended through the plain method and the library. Only a body the
 * rewriter marked ({@code RewrittenBody}) is armed with its interface's key now.
 */
class PlainRootTest {
    private static final String PACKAGE = "dev.coflow.agent.plainroot.";

    @SuppressWarnings("unchecked")
    private static void failsAtTheYield(String factory) throws Exception {
        CaseClassLoader loader = new CaseClassLoader(PACKAGE);
        Class<?> fixture = loader.loadClass(PACKAGE + "PlainRoot");
        List<String> log = (List<String>) fixture.getField("LOG").get(null);
        log.clear();
        CoroutineHandle<Object, Object> h = (CoroutineHandle<Object, Object>) fixture.getMethod(factory).invoke(null);
        Throwable thrown = assertThrows(Throwable.class, h::next, factory + ": the callback's yield suspended through the library");
        assertInstanceOf(NotRewrittenException.class, thrown, () -> "threw " + thrown);
        assertTrue(thrown.getMessage().contains("dev.coflow.agent.plainroot.Library#call"), thrown.getMessage());
        assertEquals(List.of("root", "lambda before yield"), log, "nothing ran after the yield");
        assertEquals(CoroutineState.CLOSED, h.state());
        assertEquals(List.of(), loader.diagnostics());
    }

    @Test
    void methodReferenceToAPlainMethod_asTheBody() throws Exception {
        failsAtTheYield("handle");
    }

    @Test
    void lambdaThatOnlyCallsAPlainMethod_asTheBody() throws Exception {
        failsAtTheYield("handleThroughLambda");
    }
}
