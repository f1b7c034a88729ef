package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.SwitchPoint;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * That the run this test is part of has the virtual entries the build meant it to have: on in the default runs, off in
 * the {@code entries-off} run of this module's Surefire configuration, whose cases and generated programs then call
 * every method of another class armed (the mode after Mockito retransformed a rewritten class: design.md, "Virtual
 * entries"). Without this, a system property lost on its way to the test JVM would make that run a copy of the others.
 */
class EntriesModeTest {
    @Test
    void theEntriesAreAsThisRunSays() throws Exception {
        boolean off = "false".equals(System.getProperty("coflow.virtualEntries"));
        Field valid = dev.coflow.runtime.Bootstrap.class.getDeclaredField("entriesValid");
        valid.setAccessible(true);
        assertEquals(off, ((SwitchPoint) valid.get(null)).hasBeenInvalidated(),
                "coflow.virtualEntries=" + System.getProperty("coflow.virtualEntries"));
    }
}
