package dev.coflow.loop;

/** Where a {@link Task} is in its life. */
public enum TaskState {
    /** Spawned; nothing of its body has run yet. */
    NEW,
    /** Woken (or spawned) and queued to run on the loop's next round. */
    READY,
    /** Its body is running on the loop's thread right now. */
    RUNNING,
    /** Suspended in a loop operation, waiting for a timer, a task, a queue, a socket or a future. */
    WAITING,
    /** Finished by returning a value. */
    DONE,
    /** Finished by throwing an exception other than its own cancellation. */
    FAILED,
    /** Finished by its cancellation ({@link CancelledError}) propagating out of its body. */
    CANCELLED;

    /** Whether the task finished (DONE, FAILED or CANCELLED). */
    public boolean isFinished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
