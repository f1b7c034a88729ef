package org.example.plain;

import java.util.List;

/**
 * An implementation of {@link Service} that names nothing of coflow, so the agent never looks at it: it forwards to a
 * static coroutine method of the same name and descriptor, and logs what it got back.
 */
public final class StaticForwarder implements Service {
    private final List<String> log;

    public StaticForwarder(List<String> log) {
        this.log = log;
    }

    @Override
    public int get(int x) {
        int r = Counter.get(x);
        log.add("static forwarder got " + r);
        return r * 100;
    }
}
