package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Instance calls at suspension points are armed for their receiver's class, which the rewritten call site copies
 * from under the arguments (design.md, "Exactness: armed calls"): with {@code dup2_x1; pop2; dup_x2} under one
 * {@code long} or {@code double}, through temporaries under two or more arguments of mixed sizes, with a receiver
 * that a call returned, and with a value under the receiver that the suspension saves. Each callee suspends; each
 * value must come back as plain Java computes it.
 */
public final class ReceiverUnderEveryKindOfArguments {
    public static final List<Object> EXPECTED = List.of("i wide 21", "i dbl 1.25", "i' many 1 2 c 3.5", "i pair 42 2",
            "i pair 3 1", "42 1.75 c6.5 40 44");

    public interface Wide {
        @Coroutine
        long wide(long x);
    }

    static class Impl implements Wide {
        final String name;

        Impl(String name) {
            this.name = name;
        }

        @Override
        @Coroutine
        public long wide(long x) {
            Coroutines.yield(name + " wide " + x);
            return x * 2;
        }

        @Coroutine
        public double dbl(double d) {
            Coroutines.yield(name + " dbl " + d);
            return d + 0.5;
        }

        @Coroutine
        public String many(int a, long b, String c, double d) {
            Coroutines.yield(name + " many " + a + " " + b + " " + c + " " + d);
            return c + (a + b + d);
        }

        @Coroutine
        public long pair(long a, long b) {
            Coroutines.yield(name + " pair " + a + " " + b);
            return a - b;
        }

        Impl next() {
            return new Impl(name + "'");
        }
    }

    @Coroutine
    public static void body() {
        Impl impl = new Impl("i");
        Wide w = impl;
        long a = w.wide(21L);
        double d = impl.dbl(1.25);
        String s = impl.next().many(1, 2L, "c", 3.5);
        long p = impl.pair(a, 2L);
        long t = a + impl.pair(3L, 1L);
        Coroutines.yield(a + " " + d + " " + s + " " + p + " " + t);
    }
}
