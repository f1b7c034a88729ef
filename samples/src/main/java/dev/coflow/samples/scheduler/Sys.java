package dev.coflow.samples.scheduler;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.nio.channels.SelectableChannel;
import java.util.function.Supplier;

/**
 * The system calls as {@code @Coroutine} methods, so that a task writes {@code int me = Sys.getTid();}
 * instead of {@code Coroutines.yield(new GetTid())}: the yield inside suspends the whole task.
 */
public final class Sys {
    private Sys() {
    }

    /** This task's id. */
    @Coroutine
    public static int getTid() {
        return Coroutines.<Integer>yield(new SystemCall.GetTid());
    }

    /** Starts a task running {@code body}; returns its id. */
    @Coroutine
    public static int newTask(Runnable body) {
        return Coroutines.<Integer>yield(new SystemCall.NewTask(body));
    }

    /** Starts a task running {@code body}; returns its id. {@link #waitTask} gets the value {@code body} returns. */
    @Coroutine
    public static int newTask(Supplier<?> body) {
        return Coroutines.<Integer>yield(new SystemCall.NewTask(body));
    }

    /** Kills task {@code tid}, running its {@code finally} blocks; false when there is no such task. */
    @Coroutine
    public static boolean killTask(int tid) {
        return Coroutines.<Boolean>yield(new SystemCall.KillTask(tid));
    }

    /** Waits for task {@code tid} to finish; its return value, or null. */
    @Coroutine
    public static <R> R waitTask(int tid) {
        return Coroutines.yield(new SystemCall.WaitTask(tid));
    }

    /** Lets the other tasks run for at least {@code millis} ms. */
    @Coroutine
    public static void sleep(long millis) {
        Coroutines.yield(new SystemCall.Sleep(millis));
    }

    /** Waits until {@code channel} is readable (or, for a server channel, has a connection to accept). */
    @Coroutine
    public static void readWait(SelectableChannel channel) {
        Coroutines.yield(new SystemCall.ReadWait(channel));
    }

    /** Waits until {@code channel} is writable. */
    @Coroutine
    public static void writeWait(SelectableChannel channel) {
        Coroutines.yield(new SystemCall.WriteWait(channel));
    }
}
