package dev.coflow.loop;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A coroutine running as a task of an {@link EventLoop} (asyncio's {@code Task}): the handle that
 * {@link Async#spawn} returns. Join it for its value (or its exception, rethrown), cancel it, or ask
 * its state.
 *
 * <pre>{@code
 * Task<String> t = Async.spawn(() -> fetch(url));
 * ...
 * String page = t.join();   // suspends this task until t finishes
 * }</pre>
 *
 * <p>Everything but {@link #cancel()}, {@link #state()}, {@link #id()} and {@link #name()} runs on the
 * loop's thread; {@code cancel} from another thread is handed to the loop.
 *
 * @param <T> the value the task's body returns
 */
public final class Task<T> {
    /** What the loop's operations yield: "I registered what I wait for; wake me". */
    static final Object PARK = new Object();

    final EventLoop loop;
    private final long id;
    /** The name given at spawn, or {@code null}. */
    private final String name;
    final CoroutineHandle<Object, Object> coroutine;
    volatile TaskState state = TaskState.NEW;
    /** The scope of the whole body: {@link #cancel()} cancels it. */
    final CancelScope root;
    /** The innermost active scope; its parents lead to {@link #root}. */
    CancelScope scopes;
    /** What the task waits for while WAITING. */
    Wait wait;
    /** What the next step hands in: a value, or an exception to raise at the suspension point. */
    Object wakeValue;
    Throwable wakeThrown;
    /** The group this task is a child of, if any. */
    TaskGroup group;
    /** The future of {@link EventLoop#submit}, completed with the task. */
    CompletableFuture<T> completion;
    /** Neighbours in the loop's list of unfinished tasks. */
    Task<?> previousLive;
    Task<?> nextLive;
    /** Whether someone took the outcome (join, result, exception, a future, a group). */
    boolean observed;
    private Object result;
    private Throwable failure;
    private List<Task<?>> joiners;

    Task(EventLoop loop, long id, String name, Body<T> body) {
        this.loop = loop;
        this.id = id;
        this.name = name;
        this.coroutine = Coroutines.create((Supplier<Object>) body::run);
        this.root = new CancelScope(this, null, null);
        this.scopes = root;
    }

    /** The task's number, unique in its loop, from 1 (the main task). */
    public long id() {
        return id;
    }

    /** The task's name ({@code task-ID} unless given). */
    public String name() {
        return name != null ? name : "task-" + id;  // made on demand: an idle task keeps no string
    }

    /** Where the task is in its life; readable from any thread. */
    public TaskState state() {
        return state;
    }

    /** Whether the task finished: returned, failed or was cancelled. */
    public boolean isDone() {
        return state.isFinished();
    }

    /**
     * Asks the task to stop: a {@link CancelledError} is raised at the loop operation it waits in, or
     * at its next one if it is running or ready now, so its {@code finally} blocks run; a task that has
     * not started never starts. Cancelling again while it cleans up raises the error again at its next
     * suspension. From another thread the request is handed to the loop.
     *
     * @return {@code false} when the task had already finished
     */
    public boolean cancel() {
        if (isDone()) {
            return false;
        }
        if (Thread.currentThread() != loop.thread()) {
            loop.execute(this::cancel);
            return true;
        }
        requestCancel(root);
        return true;
    }

    /**
     * Waits until the task finishes and returns its value, or rethrows its exception (the same
     * object, with the stack it was thrown with); a cancelled task's join throws its
     * {@link CancelledError}. Only another task of the same loop may join.
     */
    @Coroutine
    public T join() {
        Task<?> me = current("join");
        if (me == this) {
            throw new IllegalStateException("task " + id + " '" + name() + "' joins itself: it would wait for ever for its own end."
                    + " Fix: join other tasks only; to wait for work spawned by this task, join that work's task.");
        }
        if (me.loop != loop) {
            throw new IllegalStateException("task " + id + " '" + name() + "' belongs to another event loop than the joining task."
                    + " Fix: await a loop's tasks from its own tasks; across loops use loop.submit(...) and Async.await(future).");
        }
        me.checkpoint();
        if (!isDone()) {
            if (joiners == null) {
                joiners = new ArrayList<>(2);
            }
            joiners.add(me);
            suspend(me, new JoinWait(me));
        }
        return outcome();
    }

    /**
     * The value of a finished task, or its exception rethrown; unlike {@link #join()} it does not wait.
     *
     * @throws IllegalStateException if the task has not finished
     */
    public T result() {
        if (!isDone()) {
            throw new IllegalStateException("task " + id + " '" + name() + "' has not finished (it is " + state
                    + "). Fix: join() it from a task, which waits.");
        }
        return outcome();
    }

    /** The exception a finished task failed or was cancelled with; {@code null} if it returned or is not finished. */
    public Throwable exception() {
        if (isDone()) {
            observed = true;
        }
        return failure;
    }

    /**
     * Where the task is suspended, innermost method first, as {@code owner#name descriptor (File:line)}
     * (coflow's {@code CoroutineHandle.where()}); empty unless it is waiting or ready. Loop thread only.
     */
    public List<String> where() {
        loop.requireLoopThread("Task.where");
        return frames();
    }

    /** {@link CoroutineHandle#where()} without the loop's own plumbing under the operation the task called. */
    List<String> frames() {
        List<String> all = coroutine.where();
        int first = 0;
        while (first < all.size() && (all.get(first).startsWith("dev.coflow.loop.Task#suspend ")
                || all.get(first).startsWith("dev.coflow.loop.Registration#"))) {
            first++;
        }
        return all.subList(first, all.size());
    }

    /** The innermost frame that is not the loop library's own, or "" if none. */
    String callerFrame() {
        for (String frame : frames()) {
            String owner = frame.substring(0, Math.max(0, frame.indexOf('#')));
            if (!LIBRARY.contains(owner)) {
                return frame;
            }
        }
        return "";
    }

    private static final java.util.Set<String> LIBRARY = java.util.Set.of("dev.coflow.loop.Task", "dev.coflow.loop.Async",
            "dev.coflow.loop.AsyncQueue", "dev.coflow.loop.AsyncEvent", "dev.coflow.loop.TaskGroup", "dev.coflow.loop.Registration",
            "dev.coflow.loop.TcpConnection", "dev.coflow.loop.TcpListener");

    @Override
    public String toString() {
        return "task " + id + " '" + name() + "' " + state;
    }

    @SuppressWarnings("unchecked")
    private T outcome() {
        observed = true;
        if (failure != null) {
            throw sneakyThrow(failure);
        }
        return (T) result;
    }

    // ---------------------------------------------------------------- used by the loop and the operations

    /**
     * The task running now, for a loop operation named {@code operation}, with a precise error when
     * there is none: no loop on this thread, or a loop but no task.
     */
    static Task<?> current(String operation) {
        EventLoop loop = EventLoop.CURRENT.get();
        if (loop == null) {
            throw EventLoop.outsideLoop(operation);
        }
        Task<?> task = loop.running;
        if (task == null) {
            throw new IllegalStateException(operation + " was called on the event loop's thread but outside any task"
                    + " (from a callback, or from code the loop runs between tasks), where nothing can suspend."
                    + " Fix: call it from a task's body: Async.spawn(() -> ...) or loop.execute(() -> loop.spawn(...)).");
        }
        return task;
    }

    /**
     * Parks {@code task}, registered as waiting for {@code wait}, until the loop wakes it: returns the
     * value it was woken with, or raises the exception (a {@link CancelledError}, an I/O error).
     */
    @Coroutine
    static Object suspend(Task<?> task, Wait wait) {
        task.state = TaskState.WAITING;
        task.wait = wait;
        return Coroutines.yield(PARK);
    }

    /** Cancels {@code scope} of this task: delivered now if the task waits, else at its next operation. */
    void requestCancel(CancelScope scope) {
        if (!scope.active || isDone()) {
            return;
        }
        scope.requested = true;
        scope.delivered = false;
        if (state == TaskState.WAITING) {
            CancelledError error = takePendingCancel();
            if (error != null) {
                Wait w = wait;
                wait = null;
                w.abort();
                loop.wake(this, null, error);
            }
        }
    }

    /**
     * The error for the outermost cancelled scope not delivered yet, marking it and the cancelled
     * scopes inside it delivered (the error passes through them); {@code null} when there is none.
     */
    CancelledError takePendingCancel() {
        CancelScope outermost = null;
        for (CancelScope s = scopes; s != null; s = s.parent) {
            if (s.requested && !s.delivered) {
                outermost = s;
            }
        }
        if (outermost == null) {
            return null;
        }
        for (CancelScope s = scopes; s != outermost; s = s.parent) {
            if (s.requested) {
                s.delivered = true;
            }
        }
        outermost.delivered = true;
        return new CancelledError(outermost);
    }

    /** A loop operation's first step: raises a cancellation that arrived while the task was not waiting. */
    void checkpoint() {
        CancelledError pending = takePendingCancel();
        if (pending != null) {
            throw pending;
        }
    }

    CancelScope pushScope(String what) {
        CancelScope scope = new CancelScope(this, scopes, what);
        scopes = scope;
        return scope;
    }

    void popScope(CancelScope scope) {
        if (scopes != scope) {
            throw new IllegalStateException("cancel scopes of task " + id + " ended out of order: " + scope + " is not the innermost ("
                    + scopes + ")");
        }
        scope.active = false;
        if (scope.timer != null) {
            scope.timer.cancelled = true;
            scope.timer = null;
        }
        scopes = scope.parent;
    }

    /** Records the outcome of the body and wakes whoever waits for it. */
    @SuppressWarnings("unchecked")
    void finish(Object value, Throwable thrown) {
        if (wait != null) {
            wait.abort();  // it failed between registering a wait and suspending (a yield through code not rewritten)
            wait = null;
        }
        if (thrown == null) {
            result = value;
            state = TaskState.DONE;
            if (root.delivered) {
                loop.reportSwallowed(this);
            }
        } else {
            failure = thrown;
            state = thrown instanceof CancelledError && ((CancelledError) thrown).scope == root ? TaskState.CANCELLED : TaskState.FAILED;
        }
        if (joiners != null) {
            for (Task<?> joiner : joiners) {
                loop.wake(joiner, null, null);
            }
            joiners = null;
        }
        if (completion != null) {
            observed = true;
            if (thrown == null) {
                completion.complete((T) value);
            } else {
                completion.completeExceptionally(thrown);
            }
        }
        if (group != null) {
            group.childFinished(this);
        }
    }

    Throwable failure() {
        return failure;
    }

    /** The wait of a task in {@link #join()}: leaves the line of joiners when the joiner is cancelled. */
    private final class JoinWait extends Wait {
        private final Task<?> joiner;

        JoinWait(Task<?> joiner) {
            this.joiner = joiner;
        }

        @Override
        void abort() {
            if (joiners != null) {
                joiners.remove(joiner);
            }
        }

        @Override
        String describe() {
            return "join task " + id + " '" + name() + "'";
        }
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
