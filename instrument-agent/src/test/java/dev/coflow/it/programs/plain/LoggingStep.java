package dev.coflow.it.programs.plain;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A decorator in a class that names nothing of coflow, so the agent never looks at it: it forwards to
 * the same interface method of another object, and logs what it got back.
 */
public final class LoggingStep implements IntUnaryOperator {
    private final IntUnaryOperator inner;
    private final List<String> log;

    public LoggingStep(IntUnaryOperator inner, List<String> log) {
        this.inner = inner;
        this.log = log;
    }

    @Override
    public int applyAsInt(int x) {
        int r = inner.applyAsInt(x);
        log.add("decorator got " + r);
        return r * 100;
    }
}
