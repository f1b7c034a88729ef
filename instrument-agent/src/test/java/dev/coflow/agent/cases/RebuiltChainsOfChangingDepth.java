package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Spares (design.md, "Resuming"): the frames of a chain that returned stay on top of their caller, and the
 * caller's next call that suspends takes them back in place or drops them. Here the caller's calls change
 * from round to round, so every way of meeting them happens: a two-frame chain left behind and a one-frame
 * call taking its top spare back, with the other spare dropped below it while the resumed caller suspends in
 * place under it; a spare of another method of the same frame shape taken back; a call of another shape
 * dropping the spare; and the caller suspending itself with a spare above it.
 */
public final class RebuiltChainsOfChangingDepth {
    static final int ROUNDS = 16;

    public static final List<Object> EXPECTED = expected();

    @Coroutine
    static int leaf(String tag) {
        Coroutines.yield(tag);
        return tag.length();
    }

    /** The same frame shape as {@link #leaf} (one saved reference), another method. */
    @Coroutine
    static int leafB(String tag) {
        String kept = tag + "b";
        Coroutines.yield(kept);
        return kept.length() * 10;
    }

    @Coroutine
    static int two(String tag) {
        String kept = tag + "+";
        int got = leaf(kept);
        return got + kept.length();
    }

    /** Another frame shape: a {@code long} saved. */
    @Coroutine
    static int other(long n) {
        long m = n * 3;
        Coroutines.yield(m);
        return (int) m;
    }

    @Coroutine
    public static void body() {
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String tag = "r" + round;
            int r;
            switch (round % 4) {
                case 0:
                    r = two(tag);
                    break;
                case 1:
                    r = round % 8 == 1 ? leaf(tag) : leafB(tag);
                    break;
                case 2:
                    r = other(round);
                    break;
                default:
                    Coroutines.yield("own " + round + " after " + total);
                    r = 1;
            }
            total += r;
        }
        Coroutines.yield("total " + total);
    }

    /** What {@link #body} yields, worked out without coroutines. */
    private static List<Object> expected() {
        List<Object> values = new ArrayList<>();
        long total = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String tag = "r" + round;
            int r;
            switch (round % 4) {
                case 0:
                    String kept = tag + "+";
                    values.add(kept);
                    r = kept.length() * 2;
                    break;
                case 1:
                    if (round % 8 == 1) {
                        values.add(tag);
                        r = tag.length();
                    } else {
                        values.add(tag + "b");
                        r = (tag.length() + 1) * 10;
                    }
                    break;
                case 2:
                    values.add(round * 3L);
                    r = round * 3;
                    break;
                default:
                    values.add("own " + round + " after " + total);
                    r = 1;
            }
            total += r;
        }
        values.add("total " + total);
        return List.copyOf(values);
    }
}
