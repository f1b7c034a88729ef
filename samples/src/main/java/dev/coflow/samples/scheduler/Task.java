package dev.coflow.samples.scheduler;

import dev.coflow.CoroutineHandle;
import java.nio.channels.SelectionKey;

/** One task: its id, its coroutine, and what it is waiting for. Only the scheduler's thread touches it. */
final class Task {
    final int tid;
    final CoroutineHandle<Object, Object> coroutine;
    /** Sent in at the next step: the answer to the system call it yielded. */
    Object sendValue;
    /** Raised in at the next step instead, when its system call failed. */
    Throwable throwValue;
    /** Bumped when a sleep ends or the task dies, so that a stale timer entry is skipped. */
    long timerToken;
    boolean sleeping;
    /** The channel's key while the task waits for it to become readable or writable. */
    SelectionKey ioKey;
    /** The task it waits for, while in a {@code WaitTask}. */
    Task waitingFor;

    Task(int tid, CoroutineHandle<Object, Object> coroutine) {
        this.tid = tid;
        this.coroutine = coroutine;
    }

    @Override
    public String toString() {
        return "task " + tid;
    }
}
