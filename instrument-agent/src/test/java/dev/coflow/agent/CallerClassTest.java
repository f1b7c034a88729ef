package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.agent.callers.CallerClasses;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.CaseHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Catalogue 52, the part that is not as in plain Java, pinned so that a change shows: code that walks the stack past
 * its immediate caller ({@code StackWalker.getCallerClass()}, {@code Thread.getStackTrace()}) sees the JVM's stack, where
 * a rewritten method called from another class is called by its own bridge or entry, and after a resume by its resume
 * adapter: its own class, where plain Java names the calling class. README ("Troubleshooting") and design.md ("Known
 * gaps") say so; the JDK's caller-sensitive methods look only at their immediate caller and are exact
 * ({@code cases/CallerSensitiveApisAcrossYield}).
 */
class CallerClassTest {

    @Test
    void getCallerClass_inARewrittenMethod_seesItsOwnClass_beforeAYieldAndAfterTheResume() throws Exception {
        // plain Java would answer "CallerClasses" twice: the method is called by CallerClasses.body
        Class<?> fixture = new CaseClassLoader("dev.coflow.agent.callers.").loadClass(CallerClasses.class.getName());
        CaseHarness.Driven run = CaseHarness.drive(fixture.getDeclaredMethod("body"), List.of());
        assertEquals(List.of("before Callee"), run.yields());
        assertEquals("after Callee", run.result());
    }
}
