package com.example.coflow;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.stream.Collectors;

/** A generator and a consumer coroutine, as a user of coflow writes them; rewritten at build time by coflow-maven-plugin. */
public final class Fibonacci {
    private Fibonacci() {
    }

    /** Yields the Fibonacci numbers, without end. */
    @Coroutine
    static void numbers() {
        long a = 0;
        long b = 1;
        while (true) {
            Coroutines.yield(a);
            long next = a + b;
            a = b;
            b = next;
        }
    }

    /** The first {@code count} Fibonacci numbers, from a generator. */
    public static String first(int count) {
        return Coroutines.<Long>generate(() -> numbers()).stream()
                .limit(count)
                .map(String::valueOf)
                .collect(Collectors.joining(" "));
    }

    /** Adds up the numbers sent in; each send gets the running total back. */
    @Coroutine
    static void summer() {
        long total = 0;
        while (true) {
            long value = Coroutines.<Long>yield(total);
            total += value;
        }
    }

    /** A started summing coroutine. */
    public static CoroutineHandle<Long, Long> startSummer() {
        return Coroutines.start(() -> summer());
    }

    public static void main(String[] args) {
        System.out.println(first(args.length > 0 ? Integer.parseInt(args[0]) : 10));
    }
}
