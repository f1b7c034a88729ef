package dev.coflow.loop;

/**
 * An entry of the loop's {@link TimerHeap}: wakes a sleeping task, or cancels a scope whose deadline
 * passed. Timers with the same deadline fire in the order they were made ({@link #sequence}). A timer
 * that is no longer needed is marked, not removed (removal from the middle of the heap costs a linear
 * scan); the loop drops it when it reaches the top.
 */
final class Timer extends Wait {
    final long deadline;
    final long sequence;
    private final Task<?> sleeper;
    private final CancelScope scope;
    boolean cancelled;

    Timer(long deadline, long sequence, Task<?> sleeper, CancelScope scope) {
        this.deadline = deadline;
        this.sequence = sequence;
        this.sleeper = sleeper;
        this.scope = scope;
    }

    void fire(EventLoop loop) {
        if (scope != null) {
            scope.task.requestCancel(scope);
        } else {
            loop.wake(sleeper, null, null);
        }
    }

    @Override
    void abort() {
        cancelled = true;
    }

    @Override
    String describe() {
        return "sleep until " + EventLoop.seconds(deadline);
    }
}
