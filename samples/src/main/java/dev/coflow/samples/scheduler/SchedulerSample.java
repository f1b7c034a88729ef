package dev.coflow.samples.scheduler;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import dev.coflow.samples.scheduler.SystemCall.GetTid;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code scheduler}: a demo run of the {@link Scheduler}. Its trace depends only on the order in
 * which the tasks run, never on timing: the only sleeps happen while no other task can print.
 */
public final class SchedulerSample implements Sample {
    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "tasks as coroutines under a scheduler: system calls are yielded (ids, spawn, kill, wait, sleep, I/O)";
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) throws IOException {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments, got '" + args.get(0) + "'");
        }
        demo(out);
    }

    static void demo(PrintStream out) throws IOException {
        try (Scheduler scheduler = new Scheduler(System.err)) {
            scheduler.spawn(() -> mainTask(out));
            scheduler.run();
            if (scheduler.taskCount() == 0) {
                out.println("scheduler: no tasks left after " + scheduler.steps() + " steps");
            } else {
                out.println("scheduler: stuck after " + scheduler.steps() + " steps, " + scheduler.taskCount() + " tasks wait for each other");
            }
        }
    }

    /** Task 1: starts the others, waits for one, kills two, sleeps, and passes a message through a pipe. */
    @Coroutine
    static void mainTask(PrintStream out) {
        int me = Coroutines.yield(new GetTid()); // the raw system call; Sys.getTid() wraps the same yield
        out.println("main: I am task " + me);

        int counter = Sys.newTask(() -> counter(out, 3));
        int ticker = Sys.newTask(() -> ticker(out));
        out.println("main: started counter as task " + counter + " and ticker as task " + ticker + "; waiting for task " + counter);
        int sum = Sys.waitTask(counter);
        out.println("main: task " + counter + " finished and returned " + sum);

        out.println("main: killing task " + ticker);
        boolean killed = Sys.killTask(ticker);
        out.println("main: killTask(" + ticker + ") = " + killed + "; killTask(" + ticker + ") again = " + Sys.killTask(ticker));

        int sleeper = Sys.newTask(() -> sleeper(out, 60_000));
        Coroutines.yield(); // a plain yield: lets the sleeper start and fall asleep
        out.println("main: killing task " + sleeper + " while it sleeps for a minute");
        Sys.killTask(sleeper);

        long start = System.nanoTime();
        out.println("main: sleeping 20 ms");
        Sys.sleep(20);
        long slept = (System.nanoTime() - start) / 1_000_000;
        out.println("main: awake, slept at least 20 ms: " + (slept >= 20));

        Pipe pipe = open();
        int reader = Sys.newTask(() -> reader(out, pipe.source()));
        int writer = Sys.newTask(() -> writer(out, pipe.sink(), "hello through the selector"));
        Sys.waitTask(writer);
        Object read = Sys.waitTask(reader);
        out.println("main: the reader got \"" + read + "\"; task " + me + " ends");
    }

    /** Counts to {@code n}, giving the other tasks a turn after each step; returns the sum. */
    @Coroutine
    static int counter(PrintStream out, int n) {
        int me = Sys.getTid();
        int sum = 0;
        for (int i = 1; i <= n; i++) {
            out.println("counter (task " + me + "): " + i);
            sum += i;
            Coroutines.yield();
        }
        return sum;
    }

    /** Ticks forever until killed; its finally block reports the kill. */
    @Coroutine
    static void ticker(PrintStream out) {
        int me = Sys.getTid();
        int ticks = 0;
        try {
            while (true) {
                out.println("ticker (task " + me + "): tick " + ++ticks);
                Coroutines.yield();
            }
        } finally {
            out.println("ticker (task " + me + "): finally, killed after " + ticks + " ticks");
        }
    }

    /** Sleeps for {@code millis}; killed in its sleep, its finally block still runs. */
    @Coroutine
    static void sleeper(PrintStream out, long millis) {
        int me = Sys.getTid();
        out.println("sleeper (task " + me + "): sleeping " + millis + " ms");
        try {
            Sys.sleep(millis);
            out.println("sleeper (task " + me + "): woke up");
        } finally {
            out.println("sleeper (task " + me + "): finally, woken by the kill");
        }
    }

    /** Waits on the selector until the pipe has data, then reads up to a newline; returns the text. */
    @Coroutine
    static String reader(PrintStream out, Pipe.SourceChannel source) {
        int me = Sys.getTid();
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        try (source) {
            source.configureBlocking(false);
            out.println("reader (task " + me + "): waiting for the pipe to be readable");
            while (text.indexOf("\n") < 0) {
                Sys.readWait(source);
                buffer.clear();
                if (source.read(buffer) < 0) {
                    break;
                }
                buffer.flip();
                text.append(StandardCharsets.UTF_8.decode(buffer));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("reader (task " + me + "): read a line");
        return text.toString().strip();
    }

    /** Sleeps a little, so that the reader really waits, then writes {@code message} and a newline. */
    @Coroutine
    static void writer(PrintStream out, Pipe.SinkChannel sink, String message) {
        int me = Sys.getTid();
        out.println("writer (task " + me + "): sleeping 10 ms before writing");
        Sys.sleep(10);
        ByteBuffer buffer = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
        try (sink) {
            sink.configureBlocking(false);
            while (buffer.hasRemaining()) {
                if (sink.write(buffer) == 0) {
                    Sys.writeWait(sink);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("writer (task " + me + "): wrote \"" + message + "\"");
    }

    private static Pipe open() {
        try {
            return Pipe.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
