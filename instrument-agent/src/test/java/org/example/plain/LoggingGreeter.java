package org.example.plain;

import java.util.List;

/**
 * An override that names nothing of coflow, so the agent never looks at it: it calls the coroutine method it
 * overrides with {@code super} and logs what it got back.
 */
public class LoggingGreeter extends Greeter {
    private final List<String> log;

    public LoggingGreeter(List<String> log) {
        this.log = log;
    }

    @Override
    public int greet(int x) {
        int r = super.greet(x);
        log.add("subclass got " + r);
        return r * 100;
    }
}
