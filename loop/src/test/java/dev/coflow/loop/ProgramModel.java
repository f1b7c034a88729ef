package dev.coflow.loop;

import dev.coflow.loop.TaskProgram.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference model of the event loop for {@link TaskProgram}s, in plain Java without coroutines:
 * each task is a program counter. Its rules are the loop's documented ones: a round fires the due
 * timers (deadline, then creation order), then runs the tasks ready at its start in first-in
 * first-out order; time jumps to the next timer when nothing is ready; a spawned task starts after its
 * spawner suspends; cancellation is delivered at once to a waiting task (its wait is withdrawn), and
 * otherwise at the task's next suspending operation, and a task cancelled before it started never
 * runs; queue waiters are served in order, a waiting getter takes a put item directly and a get
 * from a full queue lets the first waiting putter in; a finished task wakes its joiners in order.
 */
final class ProgramModel {
    private enum State { NEW, READY, WAITING, DONE, CANCELLED }

    private enum Waiting { NONE, TIMER, GET, PUT, JOIN }

    private final class ModelTask {
        final String label;
        final List<Op> program;
        final boolean worker;
        final int childSleep;
        int pc;
        State state = State.NEW;
        Waiting waiting = Waiting.NONE;
        ModelTimer timer;
        ModelTask joined;
        int putValue;
        Object wakeValue;
        boolean wakeCancel;
        boolean cancelRequested;
        boolean cancelDelivered;
        final List<ModelTask> joiners = new ArrayList<>();

        ModelTask(String label, List<Op> program, boolean worker, int childSleep) {
            this.label = label;
            this.program = program;
            this.worker = worker;
            this.childSleep = childSleep;
        }
    }

    private static final class ModelTimer {
        final long deadline;
        final long sequence;
        final ModelTask task;
        boolean cancelled;

        ModelTimer(long deadline, long sequence, ModelTask task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }
    }

    private final TaskProgram program;
    private final List<String> trace = new ArrayList<>();
    private final ArrayDeque<ModelTask> ready = new ArrayDeque<>();
    private final List<ModelTimer> timers = new ArrayList<>();
    private final ArrayDeque<Integer> items = new ArrayDeque<>();
    private final ArrayDeque<ModelTask> getters = new ArrayDeque<>();
    private final ArrayDeque<ModelTask> putters = new ArrayDeque<>();
    private final List<ModelTask> workers = new ArrayList<>();
    private long now;
    private long timerSequence;
    private int children;

    private ProgramModel(TaskProgram program) {
        this.program = program;
    }

    static List<String> trace(TaskProgram program) {
        ProgramModel model = new ProgramModel(program);
        model.run();
        return model.trace;
    }

    private void run() {
        // main: spawn the workers, then (as a program of its own) sleep, cancel each, join each
        List<Op> mainOps = new ArrayList<>();
        mainOps.add(new Op(TaskProgram.Kind.SLEEP, (int) TaskProgram.MAIN_SLEEP_MILLIS));
        for (int i = 0; i < program.workers().size(); i++) {
            mainOps.add(new Op(TaskProgram.Kind.CANCEL, i));
        }
        for (int i = 0; i < program.workers().size(); i++) {
            mainOps.add(new Op(TaskProgram.Kind.JOIN, i));
        }
        ModelTask main = new ModelTask("main", mainOps, false, -1);
        for (int i = 0; i < program.workers().size(); i++) {
            workers.add(new ModelTask("w" + i, program.workers().get(i), true, -1));
        }
        ready.add(main);
        boolean mainSpawned = false;
        while (main.state != State.DONE) {
            fireTimers();
            if (!ready.isEmpty()) {
                for (int n = ready.size(); n > 0; n--) {
                    ModelTask task = ready.poll();
                    if (task == main && !mainSpawned) {
                        mainSpawned = true;
                        for (ModelTask w : workers) {
                            w.state = State.NEW;
                            ready.add(w);
                        }
                    }
                    step(task);
                }
                continue;
            }
            ModelTimer next = nextTimer();
            if (next == null) {
                throw new AssertionError("the model deadlocked; programs are built so that they cannot");
            }
            now = Math.max(now, next.deadline);
        }
    }

    private ModelTimer nextTimer() {
        ModelTimer best = null;
        for (ModelTimer t : timers) {
            if (!t.cancelled && (best == null || t.deadline < best.deadline || t.deadline == best.deadline && t.sequence < best.sequence)) {
                best = t;
            }
        }
        return best;
    }

    private void fireTimers() {
        ModelTimer t;
        while ((t = nextTimer()) != null && t.deadline <= now) {
            t.cancelled = true;
            wake(t.task, null, false);
        }
    }

    private void wake(ModelTask task, Object value, boolean cancel) {
        task.waiting = Waiting.NONE;
        task.timer = null;
        task.joined = null;
        task.wakeValue = value;
        task.wakeCancel = cancel;
        task.state = State.READY;
        ready.add(task);
    }

    private void at(ModelTask task, String event) {
        trace.add(now + " " + task.label + " " + event);
    }

    /** Runs {@code task} until it waits or finishes. */
    private void step(ModelTask task) {
        if (task.childSleep >= 0) {
            stepChild(task);
            return;
        }
        if (task.state == State.NEW) {
            if (task.cancelRequested) {
                finish(task, State.CANCELLED, false);  // never started: no finally
                return;
            }
        } else if (task.wakeCancel) {
            task.wakeCancel = false;
            finish(task, State.CANCELLED, true);
            return;
        } else {
            completeWait(task);
        }
        task.state = State.READY;
        while (task.pc < task.program.size()) {
            Op op = task.program.get(task.pc);
            switch (op.kind()) {
                case SLEEP -> {
                    if (checkpoint(task)) {
                        return;
                    }
                    suspendOn(task, Waiting.TIMER, op.argument());
                    return;
                }
                case PUT -> {
                    if (checkpoint(task)) {
                        return;
                    }
                    if (!getters.isEmpty()) {
                        wake(getters.poll(), op.argument(), false);
                    } else if (items.size() < program.capacity()) {
                        items.add(op.argument());
                    } else {
                        task.putValue = op.argument();
                        putters.add(task);
                        task.waiting = Waiting.PUT;
                        task.state = State.WAITING;
                        return;
                    }
                    at(task, "put " + op.argument());
                }
                case GET -> {
                    if (checkpoint(task)) {
                        return;
                    }
                    if (!items.isEmpty()) {
                        at(task, "got " + take());
                    } else {
                        getters.add(task);
                        task.waiting = Waiting.GET;
                        task.state = State.WAITING;
                        return;
                    }
                }
                case CANCEL -> at(task, "cancel w" + op.argument() + " -> " + cancel(workers.get(op.argument())));
                case JOIN -> {
                    if (checkpoint(task)) {
                        return;
                    }
                    ModelTask target = workers.get(op.argument());
                    if (target.state == State.DONE || target.state == State.CANCELLED) {
                        at(task, "joined w" + op.argument() + ": " + outcome(target));
                    } else {
                        target.joiners.add(task);
                        task.joined = target;
                        task.waiting = Waiting.JOIN;
                        task.state = State.WAITING;
                        return;
                    }
                }
                case SPAWN -> {
                    int child = children++;
                    ModelTask c = new ModelTask("c" + child, List.of(), false, op.argument());
                    ready.add(c);
                    at(task, "spawned c" + child);
                }
                default -> throw new AssertionError(op);
            }
            task.pc++;
        }
        finish(task, State.DONE, task.worker);
    }

    /** The operation the task waited in is complete: trace it and move past it. */
    /** A child sleeps, then traces "woke"; cancelled, it ends silently. */
    private void stepChild(ModelTask task) {
        if (task.state == State.NEW) {
            if (task.cancelRequested) {
                finish(task, State.CANCELLED, false);
            } else {
                suspendOn(task, Waiting.TIMER, task.childSleep);
            }
        } else if (task.wakeCancel) {
            finish(task, State.CANCELLED, false);
        } else {
            at(task, "woke");
            finish(task, State.DONE, false);
        }
    }

    private void completeWait(ModelTask task) {
        if (task.pc >= task.program.size()) {
            return;
        }
        Op op = task.program.get(task.pc);
        switch (op.kind()) {
            case SLEEP -> at(task, "slept");
            case PUT -> at(task, "put " + op.argument());
            case GET -> at(task, "got " + task.wakeValue);
            case JOIN -> at(task, "joined w" + op.argument() + ": " + outcome(workers.get(op.argument())));
            default -> throw new AssertionError(op);
        }
        task.wakeValue = null;
        task.pc++;
    }

    private int take() {
        int item = items.poll();
        ModelTask putter = putters.poll();
        if (putter != null) {
            items.add(putter.putValue);
            wake(putter, null, false);
        }
        return item;
    }

    private void suspendOn(ModelTask task, Waiting waiting, int millis) {
        ModelTimer t = new ModelTimer(now + millis, timerSequence++, task);
        timers.add(t);
        task.timer = t;
        task.waiting = waiting;
        task.state = State.WAITING;
    }

    /** A pending cancellation raised at an operation: the task ends (its finally traces); true if so. */
    private boolean checkpoint(ModelTask task) {
        if (task.cancelRequested && !task.cancelDelivered) {
            task.cancelDelivered = true;
            finish(task, State.CANCELLED, true);
            return true;
        }
        return false;
    }

    private boolean cancel(ModelTask target) {
        if (target.state == State.DONE || target.state == State.CANCELLED) {
            return false;
        }
        target.cancelRequested = true;
        target.cancelDelivered = false;
        if (target.state == State.WAITING) {
            target.cancelDelivered = true;
            switch (target.waiting) {
                case TIMER -> target.timer.cancelled = true;
                case GET -> getters.remove(target);
                case PUT -> putters.remove(target);
                case JOIN -> target.joined.joiners.remove(target);
                default -> throw new AssertionError(target.waiting);
            }
            wake(target, null, true);
        }
        return true;
    }

    private void finish(ModelTask task, State end, boolean traceEnd) {
        if (traceEnd && task.worker) {
            at(task, "end");
        }
        task.state = end;
        for (ModelTask joiner : task.joiners) {
            wake(joiner, null, false);
        }
        task.joiners.clear();
    }

    private static String outcome(ModelTask task) {
        return task.state == State.DONE ? task.label : "CancelledError";
    }
}
