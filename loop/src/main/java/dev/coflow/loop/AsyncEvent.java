package dev.coflow.loop;

import dev.coflow.Coroutine;
import java.util.ArrayList;
import java.util.List;

/**
 * A flag tasks wait for (asyncio's {@code Event}): {@link #await()} suspends until {@link #set()};
 * once set it stays set, and waits return at once, until {@link #clear()}.
 *
 * <pre>{@code
 * AsyncEvent ready = new AsyncEvent();
 * Async.spawn(() -> { ready.await(); return serve(); });
 * ready.set();
 * }</pre>
 */
public final class AsyncEvent {
    private boolean set;
    private final List<Task<?>> waiters = new ArrayList<>();

    /** Sets the flag and wakes every waiting task, in the order they started waiting. Loop thread only. */
    public void set() {
        if (set) {
            return;
        }
        set = true;
        for (Task<?> waiter : waiters) {
            waiter.loop.wake(waiter, null, null);
        }
        waiters.clear();
    }

    /** Clears the flag: later waits suspend again. */
    public void clear() {
        set = false;
    }

    /** Whether the flag is set. */
    public boolean isSet() {
        return set;
    }

    /** Suspends the calling task until the flag is set (returns at once if it is). */
    @Coroutine
    public void await() {
        Task<?> me = Task.current("AsyncEvent.await");
        me.checkpoint();
        if (set) {
            return;
        }
        waiters.add(me);
        Task.suspend(me, new Wait() {
            @Override
            void abort() {
                waiters.remove(me);
            }

            @Override
            String describe() {
                return "AsyncEvent.await";
            }
        });
    }
}
