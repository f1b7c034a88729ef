package dev.coflow.agent.kept;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * A class with a coroutine method and plain methods beside it: the plain ones must come out of the rewriter as javac
 * wrote them. {@link #join} has a stack map frame that names the declared type of {@code cs} ({@code CharSequence}) where
 * a frame computed again would name the common superclass of {@code String} and {@code StringBuilder} ({@code Object}).
 */
public class KeptBeside {
    @Coroutine
    public static void counter(int n) {
        for (int i = 0; i < n; i++) {
            Coroutines.yield(i);
        }
    }

    public static int join(boolean flag, int n) {
        CharSequence cs;
        if (flag) {
            cs = "text";
        } else {
            cs = new StringBuilder("built");
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += cs.length() + i;
        }
        return total;
    }

    public static String constants(int k) {
        String s = "a" + k;
        switch (k) {
            case 1: return s + 1.5;
            case 2: return s + 123456789L;
            default: return s + "other";
        }
    }
}
