package dev.coflow.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coflow.Coroutine;
import dev.coflow.loop.TaskProgram.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random task programs (spawn, sleep, cancel, join, queue put and get) run on the real loop with a
 * virtual clock; the trace must equal the one {@link ProgramModel} computes without coroutines.
 */
class RandomProgramsTest {
    @Property(tries = 300)
    void trace_matchesTheReferenceModel(@ForAll("programs") TaskProgram program) {
        assertEquals(ProgramModel.trace(program), run(program), program::toString);
    }

    @Example
    void trace_aHandWrittenProgramMatchesTheModelAndTheExpectedTrace() {
        TaskProgram program = new TaskProgram(1, List.of(
                List.of(new Op(TaskProgram.Kind.PUT, 0), new Op(TaskProgram.Kind.PUT, 1), new Op(TaskProgram.Kind.SLEEP, 3)),
                List.of(new Op(TaskProgram.Kind.SLEEP, 2), new Op(TaskProgram.Kind.GET, 0), new Op(TaskProgram.Kind.CANCEL, 0),
                        new Op(TaskProgram.Kind.GET, 0))));
        // w0's second put waits (capacity 1) until w1 takes item 0; w0 is then ready, its item queued, when
        // w1 cancels it: the put still completes, and the cancellation is raised at w0's next operation.
        List<String> expected = List.of("0 w0 put 0", "2 w1 slept", "2 w1 got 0", "2 w1 cancel w0 -> true", "2 w1 got 1", "2 w1 end",
                "2 w0 put 1", "2 w0 end", "1000 main slept", "1000 main cancel w0 -> false", "1000 main cancel w1 -> false",
                "1000 main joined w0: CancelledError", "1000 main joined w1: w1");
        assertEquals(expected, ProgramModel.trace(program));
        assertEquals(expected, run(program));
    }

    @Provide
    Arbitrary<TaskProgram> programs() {
        Arbitrary<int[]> op = Arbitraries.integers().between(0, 5).list().ofSize(2).map(l -> new int[] {l.get(0), l.get(1) * 7 + 3});
        Arbitrary<List<int[]>> ops = op.list().ofMaxSize(8);
        return Arbitraries.integers().between(1, 3).flatMap(capacity ->
                ops.list().ofMinSize(2).ofMaxSize(4).map(raw -> TaskProgram.of(capacity, raw)));
    }

    // ---------------------------------------------------------------- the program on the real loop

    private static final class Run {
        final VirtualClock clock;
        final List<String> trace = new ArrayList<>();
        final AsyncQueue<Integer> queue;
        final List<Task<String>> workers = new ArrayList<>();
        int children;

        Run(VirtualClock clock, int capacity) {
            this.clock = clock;
            this.queue = new AsyncQueue<>(capacity);
        }

        void at(String who, String event) {
            trace.add(clock.nanos() / 1_000_000 + " " + who + " " + event);
        }
    }

    static List<String> run(TaskProgram program) {
        VirtualClock clock = new VirtualClock();
        List<String> reports = new ArrayList<>();
        Run run = new Run(clock, program.capacity());
        try (EventLoop loop = EventLoop.builder().clock(clock).reporter(reports::add).build()) {
            loop.run(() -> {
                for (int i = 0; i < program.workers().size(); i++) {
                    int self = i;
                    run.workers.add(Async.spawn("w" + i, () -> worker(run, self, program.workers().get(self))));
                }
                execute(run, "main", new Op(TaskProgram.Kind.SLEEP, (int) TaskProgram.MAIN_SLEEP_MILLIS));
                for (int i = 0; i < run.workers.size(); i++) {
                    execute(run, "main", new Op(TaskProgram.Kind.CANCEL, i));
                }
                for (int i = 0; i < run.workers.size(); i++) {
                    execute(run, "main", new Op(TaskProgram.Kind.JOIN, i));
                }
                return null;
            });
        }
        if (!reports.isEmpty()) {
            throw new AssertionError("unexpected loop reports: " + reports);
        }
        return run.trace;
    }

    @Coroutine
    static String worker(Run run, int self, List<Op> ops) {
        String me = "w" + self;
        try {
            for (Op op : ops) {
                execute(run, me, op);
            }
            return me;
        } finally {
            run.at(me, "end");
        }
    }

    @Coroutine
    static void execute(Run run, String me, Op op) {
        switch (op.kind()) {
            case SLEEP -> {
                Async.sleep(Duration.ofMillis(op.argument()));
                run.at(me, "slept");
            }
            case PUT -> {
                run.queue.put(op.argument());
                run.at(me, "put " + op.argument());
            }
            case GET -> {
                Integer item = run.queue.get();
                run.at(me, "got " + item);
            }
            case CANCEL -> run.at(me, "cancel w" + op.argument() + " -> " + run.workers.get(op.argument()).cancel());
            case JOIN -> {
                Task<String> target = run.workers.get(op.argument());
                String outcome;
                try {
                    outcome = target.join();
                } catch (CancelledError e) {
                    if (e != target.exception()) {
                        throw e;  // the joiner's own cancellation
                    }
                    outcome = "CancelledError";
                }
                run.at(me, "joined w" + op.argument() + ": " + outcome);
            }
            case SPAWN -> {
                int child = run.children++;
                String name = "c" + child;
                long millis = op.argument();
                Async.spawn(name, () -> {
                    Async.sleep(Duration.ofMillis(millis));
                    run.at(name, "woke");
                    return null;
                });
                run.at(me, "spawned " + name);
            }
            default -> throw new AssertionError(op);
        }
    }
}
