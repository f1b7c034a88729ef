package dev.coflow.peers.kilim;

import dev.coflow.peers.GrepStep;
import kilim.Continuation;
import kilim.Fiber;
import kilim.Pausable;

/**
 * The grep step on Kilim 2.0.2 with the chain standing: {@link #execute} calls the yielding loop
 * directly (depth 1) or through {@code depth} pausable frames ({@code down}), which stay on the stack.
 * Every {@code down} frame keeps a {@code long} and a reference live across its call, as
 * {@code SwitchBenchmark.Counter.down} does. The line handed in travels through a field: Kilim's
 * {@link Continuation} has no value channel; {@link #send} stores the line and calls {@link #run()},
 * which resumes the fiber after its {@link Fiber#yield()} and returns at the next one.
 */
public final class KilimGrep extends Continuation implements GrepStep {
    private final int depth;
    private final String pattern;
    private String in;
    private int count;
    private int sink;

    private KilimGrep(int depth, String pattern) {
        this.depth = depth;
        this.pattern = pattern;
    }

    /** A continuation run up to its first yield (suspended, waiting for a line). */
    public static KilimGrep start(int depth, String pattern) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1: " + depth);
        }
        KilimGrep grep = new KilimGrep(depth, pattern);
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
        if (depth == 1) {
            grep(pattern);
        } else {
            down(depth, pattern);
        }
    }

    private void grep(String pattern) throws Pausable {
        while (true) {
            Fiber.yield();
            String line = in;
            if (line.contains(pattern)) {
                count++;
            }
        }
    }

    private void down(int depth, String pattern) throws Pausable {
        long kept = depth;
        String also = pattern;
        if (depth <= 1) {
            grep(pattern);
        } else {
            down(depth - 1, pattern);
        }
        sink += (int) kept + also.length();
    }
}
