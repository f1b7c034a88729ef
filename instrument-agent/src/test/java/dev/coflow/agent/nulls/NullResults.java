package dev.coflow.agent.nulls;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** A {@code null} that a coroutine method returns through an interface call, dereferenced; each body returns the message. */
public final class NullResults {
    private NullResults() {
    }

    public interface Source {
        @Coroutine
        String next();
    }

    static final class YieldsThenNull implements Source {
        @Coroutine
        @Override
        public String next() {
            Coroutines.yield("next");
            return null;
        }
    }

    /** The result used at once: {@code src.next().length()}. */
    @Coroutine
    public static Object usedAtOnce() {
        Source src = new YieldsThenNull();
        try {
            return src.next().length();
        } catch (NullPointerException e) {
            return e.getMessage();
        }
    }

    /** The result stored in a local variable first, as README's "Troubleshooting" advises. */
    @Coroutine
    public static Object storedFirst() {
        Source src = new YieldsThenNull();
        try {
            String line = src.next();
            return line.length();
        } catch (NullPointerException e) {
            return e.getMessage();
        }
    }
}
