package dev.coflow.samples.scheduler;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The kernel: runs tasks, each a coroutine, one step at a time on the thread that calls {@link #run()}.
 *
 * <p>A step is {@code send(answer)} on the task's coroutine. If the task yields a {@link SystemCall},
 * the scheduler executes it, which decides what the task gets back and when it runs again; any other
 * value puts the task back at the end of the ready queue. A task that returns (its coroutine throws
 * {@code StopIteration}) or fails wakes the tasks waiting for it. Sleeping tasks wait in a timer
 * queue, and tasks waiting for I/O have their channel registered with a {@link Selector}: when no task
 * is ready the scheduler blocks in {@code select} until a channel is ready or the next timer is due,
 * and otherwise it polls the selector once per round of the ready queue.
 *
 * <p>The ready queue is first in, first out, so a run without timers or I/O is deterministic.
 * Everything but {@link #stop()} must be called on the scheduler's thread.
 */
public final class Scheduler implements Closeable {
    private record Timer(long deadline, long seq, Task task, long token) {
    }

    private final Selector selector;
    private final ArrayDeque<Task> ready = new ArrayDeque<>();
    private final Map<Integer, Task> tasks = new TreeMap<>();
    private final Map<Task, List<Task>> waiters = new HashMap<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparingLong(Timer::deadline).thenComparingLong(Timer::seq));
    private final PrintStream err;
    private long timerSeq;
    private int ioWaiting;
    private int nextTid = 1;
    private long steps;
    private volatile boolean stopRequested;

    /** A scheduler that reports failing tasks on {@code err}. */
    public Scheduler(PrintStream err) throws IOException {
        this.err = err;
        this.selector = Selector.open();
    }

    /** Adds a task that will run {@code body}, a call of a {@code @Coroutine} method; returns its id. */
    public int spawn(Runnable body) {
        return add(Coroutines.create(body));
    }

    /** As {@link #spawn(Runnable)}; the value {@code body} returns goes to the tasks that wait for it. */
    public int spawn(Supplier<?> body) {
        return add(Coroutines.create(body));
    }

    private int add(CoroutineHandle<Object, Object> coroutine) {
        Task task = new Task(nextTid++, coroutine);
        tasks.put(task.tid, task);
        ready.add(task);
        return task.tid;
    }

    /** How many tasks exist (running, ready or waiting). */
    public int taskCount() {
        return tasks.size();
    }

    /** How many steps (resumptions of a task) have run so far. */
    public long steps() {
        return steps;
    }

    /**
     * Runs until every task has finished, or {@link #stop()} is called, or no task can ever run again
     * (all of them wait for each other); check {@link #taskCount()} afterwards.
     */
    public void run() throws IOException {
        run(Long.MAX_VALUE);
    }

    /**
     * As {@link #run()}, and also stops when {@code System.nanoTime()} passes {@code deadlineNanos}.
     *
     * @return false when it stopped because of the deadline
     */
    public boolean run(long deadlineNanos) throws IOException {
        int roundLeft = 0;
        while (!tasks.isEmpty() && !stopRequested) {
            long now = System.nanoTime();
            if (now - deadlineNanos >= 0 && deadlineNanos != Long.MAX_VALUE) {
                return false;
            }
            if (ready.isEmpty()) {
                if (ioWaiting == 0 && liveTimer() == null) {
                    return true; // every task waits for another: nothing can wake them
                }
                pollIo(blockingTimeout(now, deadlineNanos));
                fireTimers();
                roundLeft = ready.size();
                continue;
            }
            if (roundLeft <= 0) {
                if (ioWaiting > 0) {
                    pollIo(-1);
                }
                fireTimers();
                roundLeft = ready.size();
            }
            roundLeft--;
            step(ready.poll());
        }
        return true;
    }

    /** Asks {@link #run()} to return soon; may be called from any thread. */
    public void stop() {
        stopRequested = true;
        selector.wakeup();
    }

    /** Kills every task left, lowest id first (their {@code finally} blocks run), and closes the selector. */
    @Override
    public void close() throws IOException {
        for (Integer tid : new ArrayList<>(tasks.keySet())) {
            kill(tid);
        }
        selector.close();
    }

    // ---------------------------------------------------------------- running a task

    private void step(Task task) {
        Object yielded;
        Throwable thrown = task.throwValue;
        Object value = task.sendValue;
        task.throwValue = null;
        task.sendValue = null;
        steps++;
        try {
            yielded = thrown != null ? task.coroutine.throwIn(thrown) : task.coroutine.send(value);
        } catch (StopIteration stop) {
            finish(task, stop.value());
            return;
        } catch (RuntimeException | Error e) {
            err.println("scheduler: " + task + " failed: " + e);
            e.printStackTrace(err);
            finish(task, null);
            return;
        }
        if (yielded instanceof SystemCall call) {
            try {
                call.handle(this, task);
            } catch (RuntimeException e) {
                task.throwValue = e; // a call that cannot be carried out fails in the task, at its yield
                ready.add(task);
            }
        } else {
            ready.add(task);
        }
    }

    private void finish(Task task, Object result) {
        tasks.remove(task.tid);
        task.timerToken++;
        task.sleeping = false;
        List<Task> woken = waiters.remove(task);
        if (woken != null) {
            for (Task waiter : woken) {
                waiter.waitingFor = null;
                reply(waiter, result);
            }
        }
    }

    // ---------------------------------------------------------------- what the system calls do

    /** Runs {@code task} again, sending it {@code value}. */
    void reply(Task task, Object value) {
        task.sendValue = value;
        ready.add(task);
    }

    boolean kill(int tid) {
        Task victim = tasks.get(tid);
        if (victim == null) {
            return false;
        }
        // Take it out of whatever it waits in, so nothing wakes it after it is gone.
        ready.remove(victim);
        if (victim.ioKey != null) {
            unregister(victim);
        }
        if (victim.waitingFor != null) {
            List<Task> list = waiters.get(victim.waitingFor);
            if (list != null) {
                list.remove(victim);
            }
            victim.waitingFor = null;
        }
        try {
            victim.coroutine.close(); // GeneratorExit at its yield: its finally blocks run here
        } catch (RuntimeException | Error e) {
            err.println("scheduler: " + victim + " failed while being killed: " + e);
        }
        finish(victim, null);
        return true;
    }

    void waitFor(Task task, int tid) {
        Task target = tasks.get(tid);
        if (target == null || target == task) {
            reply(task, null);
            return;
        }
        task.waitingFor = target;
        waiters.computeIfAbsent(target, t -> new ArrayList<>()).add(task);
    }

    void sleep(Task task, long millis) {
        task.sleeping = true;
        task.timerToken++;
        timers.add(new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis), timerSeq++, task, task.timerToken));
    }

    void waitForIo(Task task, SelectableChannel channel, int ops) {
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.attachment() != null && key.attachment() != task) {
            throw new IllegalStateException(key.attachment() + " already waits for this channel");
        }
        try {
            if (key == null || !key.isValid()) {
                key = channel.register(selector, ops, task);
            } else {
                key.interestOps(ops);
                key.attach(task);
            }
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("channel is closed", e);
        }
        task.ioKey = key;
        ioWaiting++;
    }

    // ---------------------------------------------------------------- timers and I/O

    /** The next timer that still belongs to a sleeping task, dropping stale ones; null when none. */
    private Timer liveTimer() {
        Timer timer;
        while ((timer = timers.peek()) != null && (timer.token() != timer.task().timerToken || !timer.task().sleeping)) {
            timers.poll();
        }
        return timer;
    }

    private void fireTimers() {
        long now = System.nanoTime();
        Timer timer;
        while ((timer = liveTimer()) != null && now - timer.deadline() >= 0) {
            timers.poll();
            timer.task().sleeping = false;
            reply(timer.task(), null);
        }
    }

    /** Milliseconds to block in select: until the next timer or the deadline; 0 means no limit. */
    private long blockingTimeout(long now, long deadlineNanos) {
        long until = Long.MAX_VALUE;
        Timer timer = liveTimer();
        if (timer != null) {
            until = timer.deadline();
        }
        if (deadlineNanos != Long.MAX_VALUE && (until == Long.MAX_VALUE || deadlineNanos - until < 0)) {
            until = deadlineNanos;
        }
        if (until == Long.MAX_VALUE) {
            return 0;
        }
        long nanos = until - now;
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    /** Selects (without blocking when {@code timeoutMillis < 0}) and makes the tasks of ready channels ready. */
    private void pollIo(long timeoutMillis) throws IOException {
        int n = timeoutMillis < 0 ? selector.selectNow() : selector.select(timeoutMillis);
        if (n == 0) {
            selector.selectedKeys().clear();
            return;
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Task task = (Task) key.attachment();
            if (task != null) {
                unregister(task);
                reply(task, null);
            }
        }
    }

    private void unregister(Task task) {
        SelectionKey key = task.ioKey;
        task.ioKey = null;
        ioWaiting--;
        key.attach(null);
        if (key.isValid()) {
            key.interestOps(0);
        }
    }
}
