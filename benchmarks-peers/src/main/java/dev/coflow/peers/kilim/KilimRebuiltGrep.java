package dev.coflow.peers.kilim;

import dev.coflow.peers.GrepStep;
import kilim.Continuation;
import kilim.Fiber;
import kilim.Pausable;

/**
 * The grep step on Kilim 2.0.2 with the chain rebuilt: the loop is the body ({@link #execute}), and
 * for every line it calls {@code receive} through {@code depth} pausable frames; the innermost one
 * yields, and after the resume all of them return the line and are called again before the next
 * yield. Each {@code receive} frame keeps a {@code long} and a reference live across its call and
 * adds them to {@link #sink()} when it returns.
 */
public final class KilimRebuiltGrep extends Continuation implements GrepStep {
    private final int depth;
    private final String pattern;
    private String in;
    private int count;
    private int sink;

    private KilimRebuiltGrep(int depth, String pattern) {
        this.depth = depth;
        this.pattern = pattern;
    }

    /** A continuation run up to its first yield (suspended, waiting for a line). */
    public static KilimRebuiltGrep start(int depth, String pattern) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1: " + depth);
        }
        KilimRebuiltGrep grep = new KilimRebuiltGrep(depth, pattern);
        if (grep.run()) {
            throw new IllegalStateException("Kilim continuation ended before its first yield", grep.ex());
        }
        return grep;
    }

    @Override
    public void send(String line) {
        in = line;
        if (run()) {
            throw new IllegalStateException("Kilim continuation ended", ex());
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
    public void execute() throws Pausable {
        while (true) {
            String line = receive(depth, pattern);
            if (line.contains(pattern)) {
                count++;
            }
        }
    }

    private String receive(int depth, String pattern) throws Pausable {
        long kept = depth;
        String also = pattern;
        String line;
        if (depth <= 1) {
            Fiber.yield();
            line = in;
        } else {
            line = receive(depth - 1, pattern);
        }
        sink += (int) kept + also.length();
        return line;
    }
}
