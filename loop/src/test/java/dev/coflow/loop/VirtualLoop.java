package dev.coflow.loop;

import java.util.ArrayList;
import java.util.List;

/** Test support: a loop on a {@link VirtualClock} that records its reports and a trace of timed events. */
final class VirtualLoop implements AutoCloseable {
    final VirtualClock clock = new VirtualClock();
    final List<String> reports = new ArrayList<>();
    final List<String> trace = new ArrayList<>();
    final EventLoop loop;

    VirtualLoop() {
        this.loop = EventLoop.builder().clock(clock).reporter(reports::add).build();
    }

    VirtualLoop(EventLoop.Builder builder) {
        this.loop = builder.clock(clock).reporter(reports::add).build();
    }

    /** Records "MILLIS event" at the loop's current time. */
    void at(String event) {
        trace.add(clock.nanos() / 1_000_000 + " " + event);
    }

    <T> T run(Body<T> main) {
        return loop.run(main);
    }

    @Override
    public void close() {
        loop.close();
    }
}
