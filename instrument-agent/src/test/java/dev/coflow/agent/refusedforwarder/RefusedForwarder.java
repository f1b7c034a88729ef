package dev.coflow.agent.refusedforwarder;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;

/**
 * A coroutine method the agent refuses ({@code synchronized}) that implements a {@code @Coroutine} interface
 * method and forwards to another implementation of the same method. The key its caller armed for the
 * interface call names that method, and so would the forwarding call: if the refused frame let the key
 * through, the implementation below would take it and suspend, and the refused frame, which cannot be
 * saved, would be skipped on the way back: {@code body} would return 30 where plain Java returns 32.
 */
public final class RefusedForwarder {
    public static final List<String> LOG = new ArrayList<>();

    private RefusedForwarder() {
    }

    public interface Source {
        @Coroutine
        int value(int x);
    }

    public static final class Yielding implements Source {
        @Override
        @Coroutine
        public int value(int x) {
            LOG.add("below, before yield");
            Coroutines.yield("from below");
            LOG.add("below, after yield");
            return 30 + x;
        }
    }

    /** Refused: a synchronized coroutine method cannot suspend. */
    public static final class Locked implements Source {
        private final Source next = new Yielding();

        @Override
        public synchronized int value(int x) {
            int v = next.value(x);
            LOG.add("locked, after call");
            return v + 2;
        }
    }

    @Coroutine
    public static int body() {
        Source s = new Locked();
        return s.value(0);
    }
}
