package dev.coflow.agent.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.Roots;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Rebuilt chains of instance calls whose receivers and depths change from value to value
 * ({@code fixtures.ReceiverChains}): the rewritten run yields and returns what a plain Java model of the same
 * plan computes. Spare frames are taken back at the same call sites on other receivers, dropped when a round
 * is shallower, and new ones pooled when it is deeper; one node's class overrides the method with another
 * frame shape, so a site's spare is also met by another method.
 */
@AddLifecycleHook(LongRunTries.class)
class ReceiverChainsTest {
    private static final String FIXTURES = "dev.coflow.agent.properties.fixtures.";
    private static final CaseClassLoader LOADER = new CaseClassLoader(FIXTURES);

    /** A plan: a pick and a depth per round, and the value sent at each round's yield. */
    record Plan(int[] picks, int[] depths, int[] sends) {
        @Override
        public String toString() {
            return "picks " + java.util.Arrays.toString(picks) + " depths " + java.util.Arrays.toString(depths)
                    + " sends " + java.util.Arrays.toString(sends);
        }
    }

    @Provide
    Arbitrary<Plan> plans() {
        return Arbitraries.integers().between(1, 24).flatMap(n -> net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 99).array(int[].class).ofSize(n),
                Arbitraries.integers().between(0, 9).array(int[].class).ofSize(n),
                Arbitraries.integers().between(-50, 50).array(int[].class).ofSize(n)).as(Plan::new));
    }

    @Property(tries = 1000)
    void rebuiltChains_onChangingReceivers_computeWhatPlainJavaDoes(@ForAll("plans") Plan plan) throws Exception {
        List<Object> yields = new ArrayList<>();
        Object result = run("ReceiverChains", plan, yields);
        List<Object> expectedYields = new ArrayList<>();
        long expected = model(plan, expectedYields);
        assertEquals(expectedYields, yields, plan::toString);
        assertEquals(expected, result, plan::toString);
    }

    /** Runs the fixture's {@code body} on the plan: its yields into {@code yields}, its result returned. */
    private static Object run(String fixtureName, Plan plan, List<Object> yields) throws Exception {
        Class<?> fixture = LOADER.loadClass(FIXTURES + fixtureName);
        assertTrue(LOADER.diagnostics().isEmpty(), () -> "fixture refused: " + LOADER.diagnostics());
        Method body = fixture.getMethod("body", int[].class, int[].class);
        try (CoroutineHandle<Object, Object> handle = Roots.coroutine(body, plan.picks(), plan.depths())) {
            yields.add(handle.next());
            int round = 0;
            try {
                while (true) {
                    yields.add(handle.send(plan.sends()[round++]));
                }
            } catch (StopIteration stop) {
                return stop.value();
            }
        }
    }

    /**
     * The same through an interface ({@code fixtures.InterfaceChains}): every call site meets six receiver classes
     * (declaring, inheriting, another frame shape, a default method, a lambda, one more), past what an interface call
     * site learns, so entries and armed calls take turns at the same sites, on spares of each other's frames.
     */
    @Property(tries = 1000)
    void rebuiltChains_throughAnInterface_onSixReceiverClasses_computeWhatPlainJavaDoes(@ForAll("plans") Plan plan) throws Exception {
        List<Object> yields = new ArrayList<>();
        Object result = run("InterfaceChains", plan, yields);
        List<Object> expectedYields = new ArrayList<>();
        long expected = 0;
        for (int i = 0; i < plan.picks().length; i++) {
            expected = expected * 31 + ringWalk(plan.picks()[i] % 6, plan, i, plan.depths()[i] % 5, i, expectedYields);
        }
        assertEquals(expectedYields, yields, plan::toString);
        assertEquals(expected, result, plan::toString);
    }

    /** {@code InterfaceChains}' walk in plain Java: tags by position 1, 2, 5, 3, 4, 6; position 2 twisted; left = +1, right = -1. */
    private static long ringWalk(int node, Plan plan, int at, int depth, int round, List<Object> yields) {
        int tag = new int[] {1, 2, 5, 3, 4, 6}[node];
        int left = (node + 1) % 6;
        int right = (node + 5) % 6;
        int pick = plan.picks()[at % plan.picks().length];
        if (node == 2) {
            long extra = tag * 11L;
            if (depth == 0) {
                yields.add(-tag);
                return extra + plan.sends()[round];
            }
            return ringWalk(((pick >> 1) & 1) == 0 ? right : left, plan, at + 1, depth - 1, round, yields) * 5 - extra;
        }
        if (depth == 0) {
            yields.add(tag);
            return tag * 3 + plan.sends()[round] * 1000L;
        }
        return ringWalk((pick & 1) == 0 ? left : right, plan, at + 1, depth - 1, round, yields) * 7 + tag + tag * 3;
    }

    /** The fixture's walk in plain Java: the tags yielded into {@code yields}, the folded result returned. */
    private static long model(Plan plan, List<Object> yields) {
        int[] tags = {1, 2, 5};
        long total = 0;
        for (int i = 0; i < plan.picks().length; i++) {
            total = total * 31 + walk(tags, plan.picks()[i] % 3, plan, i, plan.depths()[i] % 5, i, yields);
        }
        return total;
    }

    private static long walk(int[] tags, int node, Plan plan, int at, int depth, int round, List<Object> yields) {
        int tag = tags[node];
        if (node == 2) { // the Twisted node
            long extra = tag * 11L;
            if (depth == 0) {
                yields.add(-tag);
                return extra + plan.sends()[round];
            }
            int next = ((plan.picks()[at % plan.picks().length] >> 1) & 1) == 0 ? (node + 2) % 3 : (node + 1) % 3;
            return walk(tags, next, plan, at + 1, depth - 1, round, yields) * 5 - extra;
        }
        if (depth == 0) {
            yields.add(tag);
            return tag * 3 + plan.sends()[round] * 1000L;
        }
        int next = (plan.picks()[at % plan.picks().length] & 1) == 0 ? (node + 1) % 3 : (node + 2) % 3;
        return walk(tags, next, plan, at + 1, depth - 1, round, yields) * 7 + tag + tag * 3;
    }
}
