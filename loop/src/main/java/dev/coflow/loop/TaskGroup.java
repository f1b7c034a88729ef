package dev.coflow.loop;

import dev.coflow.Coroutine;
import java.util.ArrayList;
import java.util.List;

/**
 * The children of one {@link Async#taskGroup} call: spawn them with {@link #spawn}. The group waits
 * for all of them; the first failure cancels the others and the group's body; the failures come out
 * together as a {@link TaskGroupException}; no child outlives the call.
 *
 * <pre>{@code
 * List<String> pages = Async.taskGroup(group -> {
 *     Task<String> a = group.spawn(() -> fetch("a"));
 *     Task<String> b = group.spawn(() -> fetch("b"));
 *     return null;
 * });
 * }</pre>
 */
public final class TaskGroup {
    private final Task<?> owner;
    private final List<Task<?>> children = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    /** The scope of the body, cancelled by the first failure. */
    CancelScope scope;
    private boolean failing;
    private boolean closed;
    private Task<?> waiter;

    TaskGroup(Task<?> owner) {
        this.owner = owner;
    }

    /** Spawns a child task running {@code body}; a group that is cancelling starts it cancelled. */
    public <T> Task<T> spawn(Body<T> body) {
        return spawn(null, body);
    }

    /** {@link #spawn(Body)} with a name for dumps and reports. */
    public <T> Task<T> spawn(String name, Body<T> body) {
        owner.loop.requireLoopThread("TaskGroup.spawn");
        if (closed) {
            throw new IllegalStateException("the task group of task " + owner.id() + " has finished: no child may start after"
                    + " it (that child would outlive its group). Fix: spawn children inside the group's body, or from its children.");
        }
        Task<T> child = owner.loop.spawn(body, name);
        child.group = this;
        children.add(child);
        if (failing) {
            child.cancel();
        }
        return child;
    }

    /** Cancels every child and the group's body (Trio's {@code nursery.cancel_scope.cancel()}). */
    public void cancel() {
        owner.loop.requireLoopThread("TaskGroup.cancel");
        for (Task<?> child : new ArrayList<>(children)) {
            child.cancel();
        }
        if (scope != null && scope.active) {
            owner.requestCancel(scope);
        }
    }

    /** How many children have not finished. */
    public int running() {
        return children.size();
    }

    void childFinished(Task<?> child) {
        children.remove(child);
        if (child.state() == TaskState.FAILED) {
            failures.add(child.failure());
            if (!failing) {
                failing = true;
                cancel();
            }
        }
        if (children.isEmpty() && waiter != null) {
            Task<?> w = waiter;
            waiter = null;
            owner.loop.wake(w, null, null);
        }
    }

    void bodyFailed(Throwable failure) {
        if (!(failure instanceof CancelledError)) {
            failures.add(0, failure);
        }
        failing = true;
        for (Task<?> child : new ArrayList<>(children)) {
            child.cancel();
        }
    }

    boolean hasChildren() {
        return !children.isEmpty();
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    List<Throwable> failures() {
        return failures;
    }

    void close() {
        closed = true;
    }

    @Coroutine
    void awaitChildren(Task<?> me) {
        waiter = me;
        Task.suspend(me, new Wait() {
            @Override
            void abort() {
                waiter = null;
            }

            @Override
            String describe() {
                return "task group: " + children.size() + " children running";
            }
        });
    }
}
