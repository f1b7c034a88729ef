package org.example.plain;

import dev.coflow.Coroutine;
import java.util.List;

/** {@link LoggingGreeter} with the fix its refusal gives: the override annotated, so the agent rewrites it. */
public class AnnotatedLoggingGreeter extends Greeter {
    private final List<String> log;

    public AnnotatedLoggingGreeter(List<String> log) {
        this.log = log;
    }

    @Override
    @Coroutine
    public int greet(int x) {
        int r = super.greet(x);
        log.add("subclass got " + r);
        return r * 100;
    }
}
