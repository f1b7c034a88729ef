package dev.coflow.samples.scheduler;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A request a task makes by yielding it: {@code int tid = Coroutines.yield(new GetTid());}. The
 * scheduler executes it and decides what to send back and when to run the task again. Anything
 * else a task yields just gives the other tasks a turn.
 */
public abstract class SystemCall {
    SystemCall() {
    }

    /** Executes the call for {@code task}, which is suspended at the yield that handed it over. */
    abstract void handle(Scheduler scheduler, Task task);

    /** Sends back the caller's task id, an {@code Integer}. */
    public static final class GetTid extends SystemCall {
        @Override
        void handle(Scheduler scheduler, Task task) {
            scheduler.reply(task, task.tid);
        }
    }

    /**
     * Starts a new task running {@code body} (a call of a {@code @Coroutine} method) and sends back its id.
     * A {@code Supplier} body's return value is what {@link WaitTask} sends to the tasks waiting for it.
     */
    public static final class NewTask extends SystemCall {
        // One of the two is set. A Runnable is not wrapped in a Supplier: the wrapper would be a frame the
        // agent did not rewrite, standing between the coroutine's start and the task's body.
        private final Supplier<?> supplier;
        private final Runnable runnable;

        public NewTask(Supplier<?> body) {
            this.supplier = Objects.requireNonNull(body, "body");
            this.runnable = null;
        }

        public NewTask(Runnable body) {
            this.supplier = null;
            this.runnable = Objects.requireNonNull(body, "body");
        }

        @Override
        void handle(Scheduler scheduler, Task task) {
            scheduler.reply(task, supplier != null ? scheduler.spawn(supplier) : scheduler.spawn(runnable));
        }
    }

    /**
     * Kills task {@code tid}: closes its coroutine, which raises {@code GeneratorExit} where it is suspended,
     * so its {@code finally} blocks run, and wakes the tasks waiting for it. Sends back {@code true}, or
     * {@code false} when there is no such task. A task that kills itself does not run again.
     */
    public static final class KillTask extends SystemCall {
        private final int tid;

        public KillTask(int tid) {
            this.tid = tid;
        }

        @Override
        void handle(Scheduler scheduler, Task task) {
            boolean killed = scheduler.kill(tid);
            if (tid != task.tid) {
                scheduler.reply(task, killed);
            }
        }
    }

    /**
     * Waits until task {@code tid} finishes; sends back the value it returned ({@code null} for a task that
     * was killed, failed, or returned nothing). Returns at once, with {@code null}, when there is no such task.
     */
    public static final class WaitTask extends SystemCall {
        private final int tid;

        public WaitTask(int tid) {
            this.tid = tid;
        }

        @Override
        void handle(Scheduler scheduler, Task task) {
            scheduler.waitFor(task, tid);
        }
    }

    /** Lets the other tasks run for at least {@code millis} milliseconds; sends back {@code null}. */
    public static final class Sleep extends SystemCall {
        private final long millis;

        public Sleep(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("negative sleep: " + millis);
            }
            this.millis = millis;
        }

        @Override
        void handle(Scheduler scheduler, Task task) {
            scheduler.sleep(task, millis);
        }
    }

    /** Waits until {@code channel} (non-blocking) can be read from, or accepted from; sends back {@code null}. */
    public static final class ReadWait extends SystemCall {
        private final SelectableChannel channel;

        public ReadWait(SelectableChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
        }

        @Override
        void handle(Scheduler scheduler, Task task) {
            int ops = (channel.validOps() & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
            scheduler.waitForIo(task, channel, ops);
        }
    }

    /** Waits until {@code channel} (non-blocking) can be written to; sends back {@code null}. */
    public static final class WriteWait extends SystemCall {
        private final SelectableChannel channel;

        public WriteWait(SelectableChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
        }

        @Override
        void handle(Scheduler scheduler, Task task) {
            scheduler.waitForIo(task, channel, SelectionKey.OP_WRITE);
        }
    }
}
