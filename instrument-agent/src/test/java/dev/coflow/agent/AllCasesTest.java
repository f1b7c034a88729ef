package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.agent.harness.CaseHarness;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture in the cases package: rewritten, checked, loaded with the verifier on, driven, compared. */
class AllCasesTest {

    static List<String> cases() throws Exception {
        return CaseHarness.allCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rewrite_runsCase(String name) throws Exception {
        check(name, CaseHarness.run(name));
    }

    /** Each case again on a thread that ran nothing before, so no frame comes from another case's pools. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rewrite_runsCase_onANewThread(String name) throws Exception {
        check(name, CaseHarness.runOnNewThread(name));
    }

    private static void check(String name, CaseHarness.Run run) throws Exception {
        CaseHarness.assertAsExpected(run.fixture(), new CaseHarness.Driven(run.yields(), run.result()), name);
        assertTrue(run.loader().diagnostics().isEmpty(), () -> name + " was refused: " + run.loader().diagnostics());
        assertFalse(run.loader().rewrittenClasses().isEmpty(), name + " was not rewritten at all");
    }

    @Test
    void allCases_everyFixtureHasExpected() throws Exception {
        List<String> names = CaseHarness.allCases();
        assertTrue(names.size() >= 1, "no fixtures found");
        for (String name : names) {
            Class<?> fixture = Class.forName(CaseHarness.CASES_PACKAGE + "." + name);
            assertNotNull(CaseHarness.optionalList(fixture, "EXPECTED"), name + " has no EXPECTED list");
        }
    }
}
