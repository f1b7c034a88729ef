package dev.coflow.loop;

import dev.coflow.Coroutine;

/**
 * The body of a {@link TaskGroup}: it spawns the group's children with {@link TaskGroup#spawn} and
 * may suspend like any coroutine code.
 *
 * <pre>{@code
 * Async.taskGroup(group -> { group.spawn(() -> fetch(a)); group.spawn(() -> fetch(b)); return null; });
 * }</pre>
 *
 * @param <T> the value the group call returns once every child has finished
 */
@FunctionalInterface
public interface GroupBody<T> {
    /** Runs the body in the calling task; the children run as tasks of their own. */
    @Coroutine
    T run(TaskGroup group);
}
