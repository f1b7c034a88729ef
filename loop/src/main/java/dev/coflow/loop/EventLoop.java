package dev.coflow.loop;

import dev.coflow.StopIteration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A single-threaded event loop of coroutine tasks (asyncio's loop): the tasks take turns on the
 * thread that calls {@link #run}, each running until it suspends in a loop operation (a sleep, a
 * join, a queue, an event, a future, a socket), while the loop waits on one {@link Selector} for
 * sockets, timers and wake-ups from other threads.
 *
 * <pre>{@code
 * try (EventLoop loop = EventLoop.builder().build()) {
 *     int answer = loop.run(() -> {
 *         Task<Integer> t = Async.spawn(() -> { Async.sleep(Duration.ofMillis(10)); return 21; });
 *         return 2 * t.join();
 *     });
 * }
 * }</pre>
 *
 * <p>{@link #run} returns when the main task finishes; tasks still running then are cancelled and
 * waited for. Methods that may be called from any thread: {@link #submit}, {@link #execute},
 * {@link #startOn}, {@link #dump()} and {@link #close()}; the rest belong to the loop's thread.
 */
public final class EventLoop implements AutoCloseable {
    static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
    private static final Set<EventLoop> RUNNING_LOOPS = ConcurrentHashMap.newKeySet();

    final LoopClock clock;
    private final Consumer<String> reporter;
    private final long slowStepNanos;
    private final ArrayDeque<Task<?>> ready = new ArrayDeque<>();
    private final TimerHeap timers = new TimerHeap();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** The unfinished tasks in spawn order, linked through the tasks themselves (no entry object per task). */
    private Task<?> firstLive;
    private Task<?> lastLive;
    private int liveCount;
    private final List<Task<?>> failedTasks = new ArrayList<>();
    private Selector selector;
    private long timerSequence;
    private long nextTaskId = 1;
    /** Tasks waiting on a socket; while there are any, the loop polls the selector. */
    int ioWaits;
    /** A channel's key was cancelled: the next round selects once, so that its descriptor is released. */
    boolean deregistered;
    /** Futures awaited by tasks and not completed yet: something outside the loop will wake a task. */
    int externalWaits;
    private int swallowed;
    private long slowSteps;
    private volatile Thread thread;
    private volatile boolean closed;
    /** Set while the loop thread blocks in select, so that other threads know to wake it. */
    private volatile boolean blocked;
    private ExecutorService blockingExecutor;
    /** The task whose step is running now; {@code null} between steps. */
    Task<?> running;

    private EventLoop(Builder builder) {
        this.clock = builder.clock;
        this.reporter = builder.reporter;
        this.slowStepNanos = builder.slowStep == null ? 0 : builder.slowStep.toNanos();
    }

    /** A builder with the defaults: the system clock, reports to {@code System.err}, no debug mode. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a loop. */
    public static final class Builder {
        private LoopClock clock = LoopClock.system();
        private Consumer<String> reporter = line -> System.err.println(line);
        private Duration slowStep;

        private Builder() {
        }

        /** The clock of timers and timeouts: {@link LoopClock#system()} (the default) or a {@link VirtualClock}. */
        public Builder clock(LoopClock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the loop's reports go, one line each, {@code [coflow] loop: ...}; default {@code System.err}. */
        public Builder reporter(Consumer<String> reporter) {
            this.reporter = java.util.Objects.requireNonNull(reporter, "reporter");
            return this;
        }

        /**
         * Debug mode (asyncio's {@code slow_callback_duration}): report every step of a task that ran
         * longer than {@code threshold} of real time without suspending, so blocked the loop.
         */
        public Builder debug(Duration threshold) {
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("the slow-step threshold must not be negative: " + threshold);
            }
            this.slowStep = threshold;
            return this;
        }

        /** The loop; nothing runs until {@link EventLoop#run}. */
        public EventLoop build() {
            return new EventLoop(this);
        }
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs {@code main} as the loop's first task on the calling thread until it finishes, then cancels
     * the tasks still running and waits for them; returns main's value or rethrows its exception.
     * A loop can run again after it returns, until it is closed.
     *
     * @throws IllegalStateException if every task waits and nothing (timer, socket, future) can wake any
     *         of them: a deadlock, reported with a {@link #dump()} of the tasks
     */
    public <T> T run(Body<T> main) {
        java.util.Objects.requireNonNull(main, "main");
        enter();
        Task<T> mainTask;
        try {
            mainTask = spawn(main, "main");
            while (!mainTask.isDone()) {
                runOnce();
            }
            for (Task<?> t : liveTasks()) {
                t.cancel();
            }
            while (liveCount > 0) {
                runOnce();
            }
            reportUnobservedFailures(mainTask);
        } finally {
            leave();
        }
        return mainTask.result();
    }

    /**
     * Runs the loop on a thread of the caller's choice: {@code executor} runs {@link #run(Body)} with
     * {@code main}, and the returned future completes with its outcome. For example
     * {@code loop.startOn(r -> new Thread(r, "my-loop").start(), () -> serve(listener))}.
     */
    public <T> CompletableFuture<T> startOn(Executor executor, Body<T> main) {
        requireOpen("startOn");
        CompletableFuture<T> outcome = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                outcome.complete(run(main));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        return outcome;
    }

    /**
     * Spawns a task running {@code body} (like {@link Async#spawn}); loop thread only, while the loop
     * runs. From other threads use {@link #submit}.
     */
    public <T> Task<T> spawn(Body<T> body, String name) {
        java.util.Objects.requireNonNull(body, "body");
        requireLoopThread("EventLoop.spawn");
        Task<T> task = new Task<>(this, nextTaskId++, name, body);
        addLive(task);
        task.state = TaskState.NEW;
        ready.add(task);
        return task;
    }

    /**
     * Starts a task running {@code body} from any thread (asyncio's {@code run_coroutine_threadsafe});
     * the future completes with its value or exception. A loop that is not running starts the task
     * when it runs.
     */
    public <T> CompletableFuture<T> submit(Body<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        CompletableFuture<T> future = new CompletableFuture<>();
        execute(() -> {
            Task<T> task = spawn(body, null);
            task.completion = future;
        });
        return future;
    }

    /**
     * Runs {@code action} on the loop's thread between tasks, from any thread (asyncio's
     * {@code call_soon_threadsafe}); the loop wakes from its select to run it.
     */
    public void execute(Runnable action) {
        java.util.Objects.requireNonNull(action, "action");
        requireOpen("execute");
        inbox.add(action);
        if (blocked) {
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
        }
    }

    /** The loop's time, from its clock, in nanoseconds. */
    public long now() {
        return clock.nanos();
    }

    /**
     * Closes the loop: no task, submission or run is accepted afterwards, its selector and its executor
     * for blocking calls are closed. Closing a running loop from another thread is refused.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            throw new IllegalStateException("the event loop still runs on thread " + t.getName()
                    + ". Fix: let its main task finish (for example cancel it with loop.execute(...)) and close it after run returns.");
        }
        if (t != null) {
            throw new IllegalStateException("close() from inside the event loop's own run. Fix: return from the main task; close the loop after run returns.");
        }
        closed = true;
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (blockingExecutor != null) {
                blockingExecutor.shutdownNow();
            }
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** How many tasks swallowed their cancellation (caught the {@link CancelledError} and returned); each was reported. */
    public int swallowedCancellations() {
        return swallowed;
    }

    /** How many steps debug mode reported as too long (0 when debug mode is off). */
    public long slowSteps() {
        return slowSteps;
    }

    /**
     * Every task that has not finished: id, name, state, what it waits for, and where it is suspended
     * (innermost method first). From another thread, the loop thread makes the dump (within 5 s).
     */
    public String dump() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            CompletableFuture<String> text = new CompletableFuture<>();
            execute(() -> text.complete(dumpHere()));
            try {
                return text.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the loop thread made its dump", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the loop thread " + t.getName() + " did not make its dump within 5 s: a task"
                        + " blocks it (turn on debug mode to see which)", e);
            }
        }
        return dumpHere();
    }

    private String dumpHere() {
        StringBuilder text = new StringBuilder();
        text.append("event loop at ").append(seconds(clock.nanos())).append(": ").append(liveCount).append(" tasks\n");
        for (Task<?> task : liveTasks()) {
            text.append("  task ").append(task.id()).append(" '").append(task.name()).append("' ").append(task.state());
            if (task.wait != null) {
                text.append(": ").append(task.wait.describe());
            }
            text.append('\n');
            for (String frame : task.frames()) {
                text.append("      at ").append(frame).append('\n');
            }
        }
        return text.toString();
    }

    private void addLive(Task<?> task) {
        task.previousLive = lastLive;
        if (lastLive == null) {
            firstLive = task;
        } else {
            lastLive.nextLive = task;
        }
        lastLive = task;
        liveCount++;
    }

    private void removeLive(Task<?> task) {
        if (task.previousLive == null) {
            firstLive = task.nextLive;
        } else {
            task.previousLive.nextLive = task.nextLive;
        }
        if (task.nextLive == null) {
            lastLive = task.previousLive;
        } else {
            task.nextLive.previousLive = task.previousLive;
        }
        task.previousLive = null;
        task.nextLive = null;
        liveCount--;
    }

    /** A copy of the unfinished tasks, in spawn order. */
    private List<Task<?>> liveTasks() {
        List<Task<?>> tasks = new ArrayList<>(liveCount);
        for (Task<?> t = firstLive; t != null; t = t.nextLive) {
            tasks.add(t);
        }
        return tasks;
    }

    // ---------------------------------------------------------------- the loop itself

    /**
     * One round: messages from other threads, due timers; then, with tasks ready, a poll of the selector that does
     * not block (when a task waits on a socket) and the batch of tasks ready after it; with none, a wait in select.
     */
    private void runOnce() {
        if (deregistered) {
            deregistered = false;
            select(-1);
        }
        drainInbox();
        fireTimers();
        if (!ready.isEmpty()) {
            if (ioWaits > 0) {
                select(-1);
            }
            for (int n = ready.size(); n > 0; n--) {
                step(ready.poll());
            }
            return;
        }
        if (!inbox.isEmpty()) {
            return;
        }
        Timer next = nextTimer();
        boolean external = ioWaits > 0 || externalWaits > 0;
        if (clock.isVirtual()) {
            if (external) {
                long idle = ((VirtualClock) clock).idleMillis();
                if (select(next == null ? 0 : Math.max(idle, 1)) > 0 || !inbox.isEmpty() || next == null) {
                    return;
                }
            }
            if (next != null) {
                ((VirtualClock) clock).advanceTo(Math.max(next.deadline, clock.nanos()));
                return;
            }
            throw deadlock();
        }
        if (next == null) {
            if (!external) {
                throw deadlock();
            }
            select(0);
            return;
        }
        long waitNanos = next.deadline - clock.nanos();
        if (waitNanos > 0) {
            select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
        }
    }

    private Timer nextTimer() {
        Timer next;
        while ((next = timers.peek()) != null && next.cancelled) {
            timers.poll();
        }
        return next;
    }

    private void fireTimers() {
        if (timers.isEmpty()) {
            return;
        }
        long now = clock.nanos();
        Timer next;
        while ((next = timers.peek()) != null && next.deadline - now <= 0) {
            timers.poll();
            if (!next.cancelled) {
                next.cancelled = true;
                next.fire(this);
            }
        }
    }

    private void drainInbox() {
        Runnable action;
        while ((action = inbox.poll()) != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                report("an action handed to the loop with execute() threw " + e + "; the loop goes on."
                        + " Fix: handle the action's exceptions inside it, or submit(...) it as a task and look at the future.");
            }
        }
    }

    /** Polls (-1), blocks until woken (0), or blocks at most {@code timeoutMillis}; wakes the tasks of ready keys. */
    private int select(long timeoutMillis) {
        Selector s = selector();
        int count;
        try {
            if (timeoutMillis < 0) {
                count = s.selectNow();
            } else {
                blocked = true;
                try {
                    if (!inbox.isEmpty()) {
                        count = s.selectNow();
                    } else {
                        count = timeoutMillis == 0 ? s.select() : s.select(timeoutMillis);
                    }
                } finally {
                    blocked = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the event loop's selector failed", e);
        }
        if (count == 0) {
            return 0;
        }
        Iterator<SelectionKey> keys = s.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            ((Registration) key.attachment()).ready(key);
        }
        return count;
    }

    Selector selector() {
        if (selector == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the event loop's selector", e);
            }
        }
        return selector;
    }

    /** Runs {@code task} until it suspends or finishes. */
    private void step(Task<?> task) {
        Object value = task.wakeValue;
        Throwable thrown = task.wakeThrown;
        task.wakeValue = null;
        task.wakeThrown = null;
        if (task.state == TaskState.NEW && thrown == null) {
            thrown = task.takePendingCancel();  // cancelled before it started: it never starts
        }
        task.state = TaskState.RUNNING;
        running = task;
        long start = slowStepNanos > 0 ? System.nanoTime() : 0;
        try {
            Object yielded = thrown != null ? task.coroutine.throwIn(thrown) : task.coroutine.send(value);
            if (yielded == Task.PARK) {
                if (task.wait == Async.YIELD) {
                    wake(task, null, null);  // Async.yieldNow(): to the end of the line
                }
            } else {
                task.state = TaskState.READY;
                task.wakeThrown = new IllegalStateException("task " + task.id() + " '" + task.name() + "' yielded "
                        + describe(yielded) + " with Coroutines.yield: a task suspends only in the loop's operations."
                        + " Fix: wait with Async.sleep, join, a queue, an event or Async.await, not with Coroutines.yield.");
                ready.add(task);
            }
        } catch (StopIteration stop) {
            done(task, stop.value(), null);
        } catch (Throwable failure) {
            done(task, null, failure);
        } finally {
            running = null;
            if (start != 0) {
                checkSlow(task, System.nanoTime() - start);
            }
        }
    }

    private void done(Task<?> task, Object value, Throwable failure) {
        removeLive(task);
        task.finish(value, failure);
        if (task.state() == TaskState.FAILED) {
            failedTasks.add(task);
        }
    }

    private void checkSlow(Task<?> task, long elapsed) {
        if (elapsed <= slowStepNanos) {
            return;
        }
        slowSteps++;
        List<String> where = task.frames();
        String caller = task.callerFrame();
        report("task " + task.id() + " '" + task.name() + "' ran " + String.format(Locale.ROOT, "%.1f", elapsed / 1e6)
                + " ms without suspending, longer than the debug threshold of " + String.format(Locale.ROOT, "%.1f", slowStepNanos / 1e6)
                + " ms: every other task waited meanwhile" + (where.isEmpty() ? " (it then finished)" : "; it then suspended in " + where.get(0)
                        + (caller.isEmpty() || caller.equals(where.get(0)) ? "" : ", called from " + caller))
                + ". Fix: run blocking or long work with Async.runBlocking(...), or call Async.yieldNow() in long loops.");
    }

    /** Makes {@code task} ready to run with {@code value}, or with {@code thrown} raised at its suspension point. */
    void wake(Task<?> task, Object value, Throwable thrown) {
        if (task.state != TaskState.WAITING) {
            throw new IllegalStateException("internal: woke " + task + ", which is not waiting");
        }
        task.wait = null;
        task.wakeValue = value;
        task.wakeThrown = thrown;
        task.state = TaskState.READY;
        ready.add(task);
    }

    Timer addTimer(long deadline, Task<?> sleeper, CancelScope scope) {
        Timer timer = new Timer(deadline, timerSequence++, sleeper, scope);
        timers.add(timer);
        return timer;
    }

    ExecutorService blockingExecutor() {
        if (blockingExecutor == null) {
            blockingExecutor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "coflow-loop-blocking");
                t.setDaemon(true);
                return t;
            });
        }
        return blockingExecutor;
    }

    // ---------------------------------------------------------------- checks and reports

    Thread thread() {
        return thread;
    }

    private void enter() {
        requireOpen("run");
        Thread me = Thread.currentThread();
        if (thread != null) {
            throw new IllegalStateException("this event loop already runs on thread " + thread.getName()
                    + (thread == me ? " (run was called from inside one of its tasks)" : "")
                    + ". Fix: spawn the work as a task of the running loop (Async.spawn, or loop.submit from another thread).");
        }
        if (CURRENT.get() != null) {
            throw new IllegalStateException("another event loop already runs on thread " + me.getName()
                    + ": one thread runs one loop at a time. Fix: spawn the work as a task of that loop, or run this loop on another thread (startOn).");
        }
        thread = me;
        CURRENT.set(this);
        RUNNING_LOOPS.add(this);
    }

    private void leave() {
        RUNNING_LOOPS.remove(this);
        CURRENT.remove();
        thread = null;
        running = null;
    }

    void requireOpen(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + " on a closed event loop: close() ended it for good."
                    + " Fix: create a new loop with EventLoop.builder().build(), or close the loop only after its last use.");
        }
    }

    void requireLoopThread(String operation) {
        requireOpen(operation);
        Thread t = thread;
        if (t == Thread.currentThread()) {
            return;
        }
        if (t == null) {
            throw new IllegalStateException(operation + " while the event loop is not running. Fix: call it from a task"
                    + " inside loop.run(...), or use loop.submit(...), which starts the work when the loop runs.");
        }
        throw new IllegalStateException(operation + " from thread " + Thread.currentThread().getName()
                + ", but the event loop runs on thread " + t.getName() + " and its state belongs to that thread."
                + " Fix: hand the work to the loop with loop.submit(...) or loop.execute(...).");
    }

    static IllegalStateException outsideLoop(String operation) {
        Thread me = Thread.currentThread();
        StringBuilder others = new StringBuilder();
        for (EventLoop loop : RUNNING_LOOPS) {
            Thread t = loop.thread;
            if (t != null) {
                others.append(others.length() == 0 ? "" : ", ").append(t.getName());
            }
        }
        return new IllegalStateException(operation + " was called outside an event loop: no loop runs on thread " + me.getName()
                + (others.length() > 0 ? " (a loop runs on " + others + ": its operations run only inside its tasks)" : "")
                + ". Fix: call it from a task: EventLoop.builder().build().run(() -> ...), or Async.spawn(...) from a task;"
                + " from another thread, hand work to a running loop with loop.submit(...).");
    }

    private IllegalStateException deadlock() {
        return new IllegalStateException("deadlock: every task waits and nothing can wake any of them (no timer, no socket,"
                + " no awaited future, no message from another thread). Fix: make sure what each task waits for is set,"
                + " put or finished by another task, or give the wait a timeout (Async.failAfter).\n" + dumpHere());
    }

    void report(String message) {
        reporter.accept("[coflow] loop: " + message);
    }

    void reportSwallowed(Task<?> task) {
        swallowed++;
        report("task " + task.id() + " '" + task.name() + "' swallowed its cancellation: it caught the CancelledError and"
                + " returned normally. Fix: after cleaning up in a catch (CancelledError e) block, rethrow it (or use finally).");
    }

    private void reportUnobservedFailures(Task<?> mainTask) {
        for (Task<?> task : failedTasks) {
            if (task != mainTask && !task.observed && task.group == null) {
                report("task " + task.id() + " '" + task.name() + "' failed and nobody joined it: " + task.failure()
                        + ". Fix: join() the task, or spawn it in a TaskGroup, which raises its children's failures.");
            }
        }
        failedTasks.clear();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f s", nanos / 1e9);
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
