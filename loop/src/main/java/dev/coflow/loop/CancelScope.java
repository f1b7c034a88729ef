package dev.coflow.loop;

/**
 * A region of one task that can be cancelled on its own: the task's whole body (its root scope), a
 * timeout's block, or a task group's body. Cancellation is delivered once (asyncio's edge-triggered
 * rule, so that a {@code finally} block may still suspend to clean up): at the suspension point the
 * task waits in, or at its next loop operation when it is not waiting. The outermost cancelled scope
 * wins, and only the scope named in the {@link CancelledError} stops it; every other scope lets it pass.
 */
final class CancelScope {
    final Task<?> task;
    final CancelScope parent;
    private final String what;
    /** Cancelled, and not yet delivered, or delivered and cancelled again. */
    boolean requested;
    /** The current request was raised in the task. */
    boolean delivered;
    /** Still on the task's scope chain; a scope that ended ignores cancellation. */
    boolean active = true;
    /** The deadline's timer, if this scope has one. */
    Timer timer;

    CancelScope(Task<?> task, CancelScope parent, String what) {
        this.task = task;
        this.parent = parent;
        this.what = what;
    }

    /** Why the scope was cancelled, for {@link CancelledError}'s message; a task's root scope makes it on demand. */
    String reason() {
        return what != null ? what : "task " + task.id() + " '" + task.name() + "' was cancelled";
    }

    @Override
    public String toString() {
        return reason() + (requested ? delivered ? " (cancelled, delivered)" : " (cancelled)" : "");
    }
}
