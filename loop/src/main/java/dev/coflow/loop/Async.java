package dev.coflow.loop;

import dev.coflow.Coroutine;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The operations a task calls: spawn, sleep, timeouts, task groups, awaiting futures and blocking
 * calls. Each is a coroutine method that suspends the calling task (and only it); each must be called
 * from a task of a running {@link EventLoop}, and says how to fix it otherwise.
 *
 * <pre>{@code
 * @Coroutine static String fetchBoth() {
 *     Task<String> a = Async.spawn(() -> fetch("a"));
 *     String b = Async.failAfter(Duration.ofSeconds(5), () -> fetch("b"));
 *     return a.join() + b;
 * }
 * }</pre>
 */
public final class Async {
    /** The wait of {@link #yieldNow()}: the loop puts the task straight back in line. */
    static final Wait YIELD = new Wait() {
        @Override
        void abort() {
        }

        @Override
        String describe() {
            return "yieldNow";
        }
    };

    private Async() {
    }

    /** Spawns a task running {@code body}; it starts on the loop's next round, after the caller suspends. */
    public static <T> Task<T> spawn(Body<T> body) {
        return spawn(null, body);
    }

    /** {@link #spawn(Body)} with a name for dumps and reports. */
    public static <T> Task<T> spawn(String name, Body<T> body) {
        Task<?> me = Task.current("Async.spawn");
        return me.loop.spawn(Objects.requireNonNull(body, "body"), name);
    }

    /** The task running now. */
    public static Task<?> currentTask() {
        return Task.current("Async.currentTask");
    }

    /** The loop's time in nanoseconds (its {@link LoopClock}); a {@link VirtualClock} in tests. */
    public static long now() {
        return Task.current("Async.now").loop.now();
    }

    /** Suspends the calling task for {@code duration} of loop time (at least; timers fire in deadline order). */
    @Coroutine
    public static void sleep(Duration duration) {
        Task<?> me = Task.current("Async.sleep");
        sleepUntil(me, me.loop.now() + nanos(duration, "Async.sleep"));
    }

    /** Suspends the calling task until the loop's time reaches {@code deadlineNanos}. */
    @Coroutine
    public static void sleepUntil(long deadlineNanos) {
        sleepUntil(Task.current("Async.sleepUntil"), deadlineNanos);
    }

    @Coroutine
    private static void sleepUntil(Task<?> me, long deadline) {
        me.checkpoint();
        Task.suspend(me, me.loop.addTimer(deadline, me, null));
    }

    /** Lets every other ready task run once before the caller continues (asyncio's {@code sleep(0)}). */
    @Coroutine
    public static void yieldNow() {
        Task<?> me = Task.current("Async.yieldNow");
        me.checkpoint();
        Task.suspend(me, YIELD);
    }

    /**
     * Runs {@code block} in the calling task, cancelled if it has not finished after {@code timeout}
     * (Trio's {@code move_on_after}): the {@link CancelledError} raised at its suspension point unwinds
     * it, and this method returns {@code false}. Timeouts nest; the one that expired is the one that
     * stops, and an outer one that expires unwinds the inner ones too.
     *
     * @return {@code true} if the block finished in time
     */
    @Coroutine
    public static boolean moveOnAfter(Duration timeout, Block block) {
        Objects.requireNonNull(block, "block");
        Task<?> me = Task.current("Async.moveOnAfter");
        me.checkpoint();
        CancelScope scope = me.pushScope("the deadline of Async.moveOnAfter(" + timeout + ") passed");
        scope.timer = me.loop.addTimer(me.loop.now() + nanos(timeout, "Async.moveOnAfter"), null, scope);
        try {
            block.run();
        } catch (CancelledError e) {
            if (e.scope != scope) {
                throw e;
            }
            return false;
        } finally {
            me.popScope(scope);
        }
        if (scope.delivered) {
            me.loop.report("the block of Async.moveOnAfter(" + timeout + ") in task " + me.id() + " '" + me.name() + "' swallowed"
                    + " its cancellation: it caught the CancelledError and finished normally. Fix: rethrow a caught CancelledError.");
        }
        return true;
    }

    /**
     * Runs {@code body} in the calling task and returns its value; if it has not finished after
     * {@code timeout} it is cancelled as in {@link #moveOnAfter} and {@link LoopTimeoutException} is
     * thrown (Trio's {@code fail_after}, asyncio's {@code timeout}).
     */
    @Coroutine
    public static <T> T failAfter(Duration timeout, Body<T> body) {
        Objects.requireNonNull(body, "body");
        Task<?> me = Task.current("Async.failAfter");
        me.checkpoint();
        CancelScope scope = me.pushScope("the deadline of Async.failAfter(" + timeout + ") passed");
        scope.timer = me.loop.addTimer(me.loop.now() + nanos(timeout, "Async.failAfter"), null, scope);
        T value;
        try {
            value = body.run();
        } catch (CancelledError e) {
            if (e.scope != scope) {
                throw e;
            }
            throw new LoopTimeoutException(timeout, e);
        } finally {
            me.popScope(scope);
        }
        return value;
    }

    /**
     * Runs {@code body} with a {@link TaskGroup} whose children it spawns, then waits until every child
     * has finished (asyncio's {@code TaskGroup}, Trio's nursery). The first failure, of a child or of
     * the body, cancels the body and every other child; once all have ended, the failures are thrown
     * together as a {@link TaskGroupException}. No child outlives the call: if the calling task is
     * cancelled, the children are cancelled and waited for, then the {@link CancelledError} goes on.
     *
     * @return the body's value, once every child has finished without failure
     */
    @Coroutine
    public static <T> T taskGroup(GroupBody<T> body) {
        Objects.requireNonNull(body, "body");
        Task<?> me = Task.current("Async.taskGroup");
        me.checkpoint();
        TaskGroup group = new TaskGroup(me);
        CancelScope scope = me.pushScope("task group of task " + me.id() + " cancelled after a failure");
        group.scope = scope;
        T result = null;
        Throwable bodyFailure = null;
        try {
            result = body.run(group);
        } catch (CancelledError e) {
            if (e.scope != scope) {
                bodyFailure = e;
            }
        } catch (Throwable e) {
            bodyFailure = e;
        } finally {
            me.popScope(scope);
        }
        CancelledError outer = bodyFailure instanceof CancelledError ? (CancelledError) bodyFailure : null;
        if (bodyFailure != null) {
            group.bodyFailed(bodyFailure);
        }
        while (group.hasChildren()) {
            try {
                group.awaitChildren(me);
            } catch (CancelledError e) {
                outer = e;  // cancelled while waiting: the children are cancelled too and still waited for
                group.cancel();
            }
        }
        group.close();
        if (group.hasFailures()) {
            TaskGroupException failure = new TaskGroupException(group.failures());
            if (outer != null) {
                failure.addSuppressed(outer);
            }
            throw failure;
        }
        if (outer != null) {
            throw outer;
        }
        return result;
    }

    /**
     * Waits for {@code future}, which any thread may complete, and returns its value or throws its
     * exception (unwrapped from {@link CompletionException}); the completing thread wakes the loop.
     * Cancelling the waiting task stops the wait, not the future.
     */
    @Coroutine
    public static <T> T await(CompletableFuture<T> future) {
        Objects.requireNonNull(future, "future");
        Task<?> me = Task.current("Async.await");
        me.checkpoint();
        if (!future.isDone()) {
            FutureWait<T> wait = new FutureWait<>(me, future);
            me.loop.externalWaits++;
            future.whenComplete(wait);
            Task.suspend(me, wait);
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw Task.sneakyThrow(e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * Runs a blocking {@code call} (file I/O, JDBC, a lock) on the loop's own pool of daemon threads and
     * waits for its result, so the loop thread never blocks (asyncio's {@code to_thread}).
     */
    @Coroutine
    public static <T> T runBlocking(Callable<T> call) {
        Task<?> me = Task.current("Async.runBlocking");
        return runBlocking(me.loop.blockingExecutor(), call);
    }

    /** {@link #runBlocking(Callable)} on {@code executor}. */
    @Coroutine
    public static <T> T runBlocking(Executor executor, Callable<T> call) {
        Objects.requireNonNull(call, "call");
        Task.current("Async.runBlocking").checkpoint();
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw Task.sneakyThrow(e);
            }
        }, executor);
        return await(result);
    }

    static long nanos(Duration duration, String operation) {
        Objects.requireNonNull(duration, operation + ": duration");
        try {
            return duration.isNegative() ? 0 : duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;  // about 73 years: never
        }
    }

    /** A task waiting for a future; the future's callback (on any thread) wakes it through the loop's inbox. */
    private static final class FutureWait<T> extends Wait implements java.util.function.BiConsumer<T, Throwable> {
        private final Task<?> task;
        private final CompletableFuture<T> future;
        private boolean aborted;

        FutureWait(Task<?> task, CompletableFuture<T> future) {
            this.task = task;
            this.future = future;
        }

        @Override
        public void accept(T value, Throwable failure) {
            EventLoop loop = task.loop;
            try {
                loop.execute(() -> {
                    if (!aborted) {
                        aborted = true;
                        loop.externalWaits--;
                        loop.wake(task, null, null);
                    }
                });
            } catch (IllegalStateException closed) {
                // the loop was closed meanwhile: nobody waits any more
            }
        }

        @Override
        void abort() {
            if (!aborted) {
                aborted = true;
                task.loop.externalWaits--;
            }
        }

        @Override
        String describe() {
            return "await " + future;
        }
    }
}
