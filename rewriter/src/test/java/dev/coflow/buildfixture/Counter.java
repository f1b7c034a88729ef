package dev.coflow.buildfixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/** A generator and a caller in another class: rewritten at build time by {@code DirectoryRewriterTest}. */
public final class Counter {
    private Counter() {
    }

    @Coroutine
    static void count(int n) {
        for (int i = 0; i < n; i++) {
            Coroutines.yield(Squares.square(i));
        }
    }

    /** The values {@link #count} yields, pulled through a generator. */
    public static List<Object> run(int n) {
        List<Object> out = new ArrayList<>();
        for (Object value : Coroutines.generate(() -> count(n))) {
            out.add(value);
        }
        return out;
    }
}
