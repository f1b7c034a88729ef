package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.nulls.NullResults;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The helpful {@code NullPointerException} message (JEP 358) for a {@code null} a coroutine method returned through an
 * interface call. Stored in a local variable first, the message is plain Java's. Used at once, the part that says what
 * was null is cut short: the call is an {@code invokedynamic} in rewritten code, for which HotSpot has no words after it
 * has printed the clause's opening. Pinned, so that a change shows; README ("Troubleshooting") and design.md ("Known
 * gaps") say so.
 */
class NullPointerMessageTest {

    private static Class<?> fixture() throws ClassNotFoundException {
        return new CaseClassLoader("dev.coflow.agent.nulls.").loadClass(NullResults.class.getName());
    }

    @Test
    void nullStoredInALocalFirst_theMessageNamesTheVariable_asInPlainJava() throws Exception {
        CaseHarness.Driven run = CaseHarness.drive(fixture().getDeclaredMethod("storedFirst"), List.of("sent"));
        assertEquals(List.of("next"), run.yields());
        assertEquals("Cannot invoke \"String.length()\" because \"line\" is null", run.result());
    }

    @Test
    void nullUsedAtOnce_theMessageSaysWhatFailed_butItsBecauseIsCutShort() throws Exception {
        CaseHarness.Driven run = CaseHarness.drive(fixture().getDeclaredMethod("usedAtOnce"), List.of("sent"));
        assertEquals(List.of("next"), run.yields());
        // plain Java: ... because the return value of "dev.coflow.agent.nulls.NullResults$Source.next()" is null
        assertEquals("Cannot invoke \"String.length()\" because \"", run.result());
    }
}
