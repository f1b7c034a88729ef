package dev.coflow.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transparency corpus at the size {@code -Dcoflow.transparency} names ({@code default}: CI-sized,
 * {@code long}: every test class). The targets: no verify error anywhere, the same outcome for every
 * test at levels 1-3 (and with JaCoCo) as uninstrumented, and at level 4 only differences explained
 * in {@code level4-allowlist.txt}. The report goes to {@code target/transparency/transparency-results.md}.
 */
class TransparencyIT {

    @Test
    void libraries_behaveAsUninstrumented_atEveryLevel() throws Exception {
        boolean long_ = "long".equals(System.getProperty("coflow.transparency"));
        Transparency.Report r = Transparency.run(long_, Path.of(System.getProperty("coflow.transparency.out")));
        System.out.println(r.markdown());

        for (Map.Entry<String, OfflineCheck.Stats> e : r.offline().entrySet()) {
            assertEquals(List.of(), e.getValue().verifyFailures(), e.getKey() + ": offline verify errors");
            assertTrue(e.getValue().classesRewritten() > 0, e.getKey() + ": nothing was rewritten");
        }
        for (String lib : Transparency.LIBS) {
            Map<String, String> agent = r.loadAgent().get(lib);
            agent.forEach((cls, status) -> assertTrue(!status.startsWith("VERIFY"), lib + " " + cls + ": " + status));
            assertEquals(r.loadBaseline().get(lib).keySet(), agent.keySet());
            assertTrue(r.runs().get("baseline").get(lib).results().values().stream().filter("PASS"::equals).count() > 0,
                    lib + ": no test passed even uninstrumented");
            // the agent's stats= file of run L2 names the library's classes it rewrote, each with the time it took
            assertTrue(r.rewriteTimes().get(lib).micros().length > 0, lib + ": no class-load rewriting time reported");
        }
        for (Transparency.Config c : r.configs()) {
            if (c.rate() > 0) {
                long trips = r.runs().get(c.name()).values().stream().mapToLong(Transparency.LibRun::roundTrips).sum();
                assertTrue(trips > 0, c.name() + ": no round trip was taken");
            }
        }
        assertEquals(List.of(), r.unexplained(), "outcomes that differ from the baseline, unexplained");
    }
}
