package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * Methods whose saved values fill the fixed frame shapes to their limits and one past them (the runtime's
 * {@code Frames}: up to six references, the receiver counted, and four primitives; past either, an array frame).
 * Each keeps values of every primitive kind live across two yields (an {@code int}, a {@code long}, a
 * {@code double}, a {@code float}, a {@code char}: raw bits in a {@code long} field each), changes some between
 * the yields, and returns what {@link #describe} makes of them; {@link #EXPECTED} is what the same arithmetic
 * gives in plain Java, without suspending ({@link #plain}). A value put in the wrong field, or lost, changes a
 * result.
 */
public final class FrameShapesAtTheLimits {
    /** What each resume sends: strings of lengths 1 to 4, which the loop of {@link #aReferenceAndThreePrimitives} adds up. */
    public static final List<Object> SENDS = sends();
    public static final List<Object> EXPECTED = plain();

    @Coroutine
    public static void body() {
        Coroutines.yield(threePrimitives(3));
        Coroutines.yield(fourPrimitives(4));
        Coroutines.yield(aReferenceAndThreePrimitives("ref", 5));
        Coroutines.yield(new Holder("h", "i", "j", "k", "l").sixReferencesAndFourPrimitives(6));
        Coroutines.yield(fivePrimitives(7));
        Coroutines.yield(new Holder("m", "n", "o", "p", "q").sevenReferences(8));
    }

    /** A frame of no reference and three primitives. */
    @Coroutine
    static String threePrimitives(int seed) {
        int i = seed * 7;
        long l = seed * 1_000_000_007L;
        double d = seed / 3.0;
        Coroutines.yield("p3 " + seed);
        i += 1;
        Coroutines.yield("p3 again");
        return describe(i, l, d);
    }

    /** No reference, four primitives. */
    @Coroutine
    static String fourPrimitives(int seed) {
        int i = -seed;
        long l = Long.MIN_VALUE + seed;
        float f = seed * 1.5f;
        char c = (char) ('a' + seed);
        Coroutines.yield("p4 " + seed);
        l -= 2;
        Coroutines.yield("p4 again");
        return describe(i, l, f) + c;
    }

    /** One reference, three primitives (a loop's bound, index and total). */
    @Coroutine
    static String aReferenceAndThreePrimitives(String name, int n) {
        long total = 0;
        for (int k = 0; k < n; k++) {
            total += Coroutines.<String>yield(name + " " + k).length() + (long) k * n;
        }
        return name + " total " + total;
    }

    /** Five primitives: past the fixed shapes, an array frame. */
    @Coroutine
    static String fivePrimitives(int seed) {
        int i = seed;
        long l = seed * 3L;
        double d = seed * 0.25;
        float f = -seed;
        short s = (short) (seed * 1000);
        Coroutines.yield("p5 " + seed);
        d *= 2;
        Coroutines.yield("p5 again");
        return describe(i, l, d) + "|" + f + "|" + s;
    }

    static final class Holder {
        private final String a;
        private final String b;
        private final String c;
        private final String d;
        private final String e;

        Holder(String a, String b, String c, String d, String e) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
            this.e = e;
        }

        /** The receiver, five references and four primitives: the largest fixed shape, R6P4. */
        @Coroutine
        String sixReferencesAndFourPrimitives(int seed) {
            String x1 = a + seed;
            String x2 = b + seed;
            String x3 = c + seed;
            String x4 = d + seed;
            String x5 = e + seed;
            int i = seed;
            long l = -seed * 10L;
            double dd = seed + 0.5;
            char ch = 'z';
            Coroutines.yield("r6p4 " + seed);
            x3 = x3.toUpperCase();
            i *= 3;
            Coroutines.yield("r6p4 again");
            return String.join(",", x1, x2, x3, x4, x5, a) + " " + describe(i, l, dd) + ch;
        }

        /** The receiver and six references: past the fixed shapes, an array frame. */
        @Coroutine
        String sevenReferences(int seed) {
            String x1 = a + seed;
            String x2 = b + seed;
            String x3 = c + seed;
            String x4 = d + seed;
            String x5 = e + seed;
            List<String> x6 = new ArrayList<>(List.of("six"));
            Coroutines.yield("r7 " + seed);
            x6.add(x1);
            Coroutines.yield("r7 again");
            return String.join(",", x1, x2, x3, x4, x5, e) + " " + x6;
        }
    }

    static String describe(int i, long l, double d) {
        return i + "|" + l + "|" + d;
    }

    /** What the body yields, computed without suspending: each method's yields, then its result. */
    private static List<Object> plain() {
        List<Object> out = new ArrayList<>();
        out.addAll(List.of("p3 3", "p3 again", describe(3 * 7 + 1, 3 * 1_000_000_007L, 3 / 3.0)));
        out.addAll(List.of("p4 4", "p4 again", describe(-4, Long.MIN_VALUE + 4 - 2, 4 * 1.5f) + (char) ('a' + 4)));
        long total = 0;
        for (int k = 0; k < 5; k++) {
            out.add("ref " + k);
            // the yield just added is resumed by the send at the same index (the first yield is resumed by SENDS[0])
            total += ((String) SENDS.get(out.size() - 1)).length() + (long) k * 5;
        }
        out.add("ref total " + total);
        out.addAll(List.of("r6p4 6", "r6p4 again", "h6,i6,J6,k6,l6,h " + describe(18, -60L, 6.5) + 'z'));
        out.addAll(List.of("p5 7", "p5 again", describe(7, 21L, 7 * 0.25 * 2) + "|" + (float) -7 + "|" + (short) 7000));
        out.addAll(List.of("r7 8", "r7 again", "m8,n8,o8,p8,q8,q [six, m8]"));
        return out;
    }

    private static List<Object> sends() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            out.add("x".repeat(i % 4 + 1));
        }
        return out;
    }
}
