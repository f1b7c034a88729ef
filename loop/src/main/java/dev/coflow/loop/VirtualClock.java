package dev.coflow.loop;

/**
 * A clock that moves only when the loop moves it: when every task waits and the next event is a
 * timer, the loop sets the time to that timer's deadline at once (Trio's {@code MockClock} with
 * autojump). A test of a 30-second timeout therefore runs in microseconds, and the same program
 * always sees the same times.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * EventLoop loop = EventLoop.builder().clock(clock).build();
 * loop.run(() -> { Async.sleep(Duration.ofSeconds(30)); return null; });   // returns at once
 * assert clock.nanos() == 30_000_000_000L;
 * }</pre>
 *
 * <p>While a task waits for a socket or a future (something outside the loop), the loop first waits
 * in real time for up to {@link #idleMillis()} before it jumps to the next timer.
 */
public final class VirtualClock implements LoopClock {
    private long now;
    private final long idleMillis;

    /** A virtual clock at time 0 that jumps after 10 ms of real idleness when something external is awaited. */
    public VirtualClock() {
        this(10);
    }

    /** A virtual clock at time 0; {@code idleMillis} as described in the class comment. */
    public VirtualClock(long idleMillis) {
        if (idleMillis < 0) {
            throw new IllegalArgumentException("idleMillis must be >= 0, not " + idleMillis);
        }
        this.idleMillis = idleMillis;
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /** Real milliseconds the loop waits for external events before jumping to the next timer. */
    public long idleMillis() {
        return idleMillis;
    }

    /** Moves the time forward to {@code nanos}; a time in the past is refused (the clock is monotonic). */
    public void advanceTo(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("a virtual clock only moves forward: now " + now + " ns, asked for " + nanos);
        }
        now = nanos;
    }
}
