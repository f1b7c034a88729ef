package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 10: parameters reassigned before and after suspension points (restored from the saved
 * state, not from the dummy arguments a resume passes in), in a static and an instance method whose
 * receiver is used after the yield.
 */
public final class ParametersReassignedAcrossYield {
    public static final List<Object> EXPECTED = List.of("static", "14|ab!|2.5", "again", "15|ab!?|5.0",
            "instance", "node:8", "node:9", "result:static=15|ab!?|5.0 instance=node:9");

    private final String name;

    private ParametersReassignedAcrossYield(String name) {
        this.name = name;
    }

    @Coroutine
    public static void body() {
        String first = reassign(7, "ab", 1.25);
        String second = new ParametersReassignedAcrossYield("node").counter(8);
        Coroutines.yield("result:static=" + first + " instance=" + second);
    }

    @Coroutine
    static String reassign(int n, String s, double d) {
        n = n * 2;
        s = s + "!";
        d = d * 2;
        Coroutines.yield("static");
        Coroutines.yield(n + "|" + s + "|" + d);
        n++;
        s += "?";
        d *= 2;
        Coroutines.yield("again");
        String out = n + "|" + s + "|" + d;
        Coroutines.yield(out);
        return out;
    }

    @Coroutine
    String counter(int start) {
        Coroutines.yield("instance");
        Coroutines.yield(name + ":" + start);
        start += 1;
        Coroutines.yield(this.name + ":" + start);
        return name + ":" + start;
    }
}
