package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 2: compound assignment to a field with the yield as right operand, {@code this.f += yield()}:
 * javac leaves the object reference (and the old value) under the suspension point; static fields
 * keep the old value read before the yield; a receiver expression runs once.
 */
public final class FieldCompoundAssignmentAcrossYield {
    public static final List<Object> EXPECTED = List.of("add", 15, "concat", "ab", "static", 107, "holder", 1020, 1, "long", 9_000_000_005L);
    public static final List<Object> SENDS = List.of(5, "-", "b", "-", 7, "-", 1000, "-", "-", 5L);

    private static int total = 100;
    private static int holderCalls;

    private int count = 10;
    private String text = "a";
    private long big = 9_000_000_000L;

    @Coroutine
    public static void body() {
        new FieldCompoundAssignmentAcrossYield().run();
    }

    @Coroutine
    void run() {
        this.count += Coroutines.<Integer>yield("add");
        Coroutines.yield(count);
        this.text += Coroutines.yield("concat");
        Coroutines.yield(text);
        total += Coroutines.<Integer>yield("static");
        Coroutines.yield(total);
        holder().count += Coroutines.<Integer>yield("holder");
        Coroutines.yield(count);
        Coroutines.yield(holderCalls);
        big += Coroutines.<Long>yield("long");
        Coroutines.yield(big);
    }

    private FieldCompoundAssignmentAcrossYield holder() {
        holderCalls++;
        count += 5;
        return this;
    }
}
