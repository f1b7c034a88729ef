package dev.coflow.peers.offbynull;

import com.offbynull.coroutines.user.Continuation;
import com.offbynull.coroutines.user.Coroutine;
import com.offbynull.coroutines.user.CoroutineRunner;
import dev.coflow.peers.GrepStep;

/**
 * The grep step on offbynull coroutines 1.5.3 with the chain rebuilt: the loop is the body
 * ({@link #run}), and for every line it calls {@code receive} through {@code depth} frames; the
 * innermost one suspends, and after the resume all of them return the line and are called again
 * before the next suspension. Each {@code receive} frame keeps a {@code long} and a reference live
 * across its call and adds them to {@link #sink()} when it returns.
 */
public final class OffbynullRebuiltGrep implements Coroutine, GrepStep {
    private static final long serialVersionUID = 1L;

    private final int depth;
    private final String pattern;
    private final CoroutineRunner runner;
    private int count;
    private int sink;

    private OffbynullRebuiltGrep(int depth, String pattern) {
        this.depth = depth;
        this.pattern = pattern;
        this.runner = new CoroutineRunner(this);
    }

    /** A coroutine run up to its first suspension (waiting for a line). */
    public static OffbynullRebuiltGrep start(int depth, String pattern) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1: " + depth);
        }
        OffbynullRebuiltGrep grep = new OffbynullRebuiltGrep(depth, pattern);
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
        while (true) {
            String line = receive(c, depth, pattern);
            if (line.contains(pattern)) {
                count++;
            }
        }
    }

    private String receive(Continuation c, int depth, String pattern) {
        long kept = depth;
        String also = pattern;
        String line;
        if (depth <= 1) {
            c.suspend();
            line = (String) c.getContext();
        } else {
            line = receive(c, depth - 1, pattern);
        }
        sink += (int) kept + also.length();
        return line;
    }
}
