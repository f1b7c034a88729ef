package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 4: {@code long} and {@code double} parameters and locals across suspension points, with
 * one-slot values between them ({@code m(long a, Object o, double d, int i)}), a {@code double} in
 * slot 9, and a slot pair reused by two {@code int}s after a {@code long} dies.
 */
public final class LongAndDoubleLocalsWithGaps {
    public static final List<Object> EXPECTED = List.of(
            "start", "9223372036854775807|o|-1.5|7|9223372036854775806|-3.0|1.0E-300",
            "reuse", 123456789012345L, "ints", 11, 12, 23,
            "returned:9223372036854775807|o|-1.5|7|9223372036854775806|-3.0|1.0E-300");

    @Coroutine
    public static void body() {
        Coroutines.yield("returned:" + mix(Long.MAX_VALUE, "o", -1.5, 7));
    }

    @Coroutine
    static String mix(long a, Object o, double d, int i) {
        // slots: a=0-1, o=2, d=3-4, i=5, b=6-7, flag=8, e=9-10, tiny=11-12
        long b = a - 1;
        int flag = 1;
        double e = d * 2;
        double tiny = 1e-300;
        Coroutines.yield("start");
        String described = a + "|" + o + "|" + d + "|" + i + "|" + b + "|" + e + "|" + tiny;
        Coroutines.yield(described);
        {
            long wide = 123456789012345L;
            Coroutines.yield("reuse");
            Coroutines.yield(wide);
        }
        {
            int low = 11;
            int high = 12;
            Coroutines.yield("ints");
            Coroutines.yield(low);
            Coroutines.yield(high);
            Coroutines.yield(low + high);
        }
        return flag == 1 ? described : "";
    }
}
