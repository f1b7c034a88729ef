package dev.coflow.peers.offbynull;

import com.offbynull.coroutines.user.Continuation;
import com.offbynull.coroutines.user.Coroutine;
import com.offbynull.coroutines.user.CoroutineRunner;
import dev.coflow.peers.GrepStep;

/**
 * The grep step on offbynull coroutines 1.5.3 with the chain standing: {@link #run} calls the
 * yielding loop directly (depth 1) or through {@code depth} frames ({@code down}), which stay on the
 * stack. Every {@code down} frame keeps a {@code long} and a reference live across its call, as
 * {@code SwitchBenchmark.Counter.down} does. Every method taking a {@link Continuation} is
 * instrumented at build time. The line handed in travels through the runner's context, the
 * library's only value channel: {@link #send} sets it and calls {@link CoroutineRunner#execute()},
 * which resumes after {@link Continuation#suspend()} and returns at the next one.
 */
public final class OffbynullGrep implements Coroutine, GrepStep {
    private static final long serialVersionUID = 1L;

    private final int depth;
    private final String pattern;
    private final CoroutineRunner runner;
    private int count;
    private int sink;

    private OffbynullGrep(int depth, String pattern) {
        this.depth = depth;
        this.pattern = pattern;
        this.runner = new CoroutineRunner(this);
    }

    /** A coroutine run up to its first suspension (waiting for a line). */
    public static OffbynullGrep start(int depth, String pattern) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1: " + depth);
        }
        OffbynullGrep grep = new OffbynullGrep(depth, pattern);
        if (!grep.runner.execute()) {
            throw new IllegalStateException("offbynull coroutine ended before its first suspension");
        }
        return grep;
    }

    @Override
    public void send(String line) {
        runner.setContext(line);
        if (!runner.execute()) {
            throw new IllegalStateException("offbynull coroutine ended");
        }
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int sink() {
        return sink;
    }

    @Override
    public void run(Continuation c) {
        if (depth == 1) {
            grep(c, pattern);
        } else {
            down(c, depth, pattern);
        }
    }

    private void grep(Continuation c, String pattern) {
        while (true) {
            c.suspend();
            String line = (String) c.getContext();
            if (line.contains(pattern)) {
                count++;
            }
        }
    }

    private void down(Continuation c, int depth, String pattern) {
        long kept = depth;
        String also = pattern;
        if (depth <= 1) {
            grep(c, pattern);
        } else {
            down(c, depth - 1, pattern);
        }
        sink += (int) kept + also.length();
    }
}
