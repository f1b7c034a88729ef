package dev.coflow.samples.broadcast;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.GeneratorExit;
import dev.coflow.samples.Lines;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import dev.coflow.samples.pipeline.PipelineSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code broadcast FILE [--once] [--diamond] P1 [P2 ...]}: one source fanned out to one
 * {@code grep} per pattern. The Python original:
 * <pre>
 * &#64;coroutine
 * def broadcast(targets):
 *     while True:
 *         item = (yield)
 *         for target in targets:
 *             target.send(item)
 *
 * follow(f, broadcast([grep('python', printer()),
 *                      grep('ply', printer()),
 *                      grep('swig', printer())]))
 * </pre>
 * With {@code --diamond} the greps share one printer, so the branches join again in one sink:
 * {@code p = printer(); follow(f, broadcast([grep('python', p), grep('ply', p)]))}.
 */
public final class BroadcastSample implements Sample {

    /** Sends every item it receives to each of {@code targets}, in order; closes them all when closed. */
    @Coroutine
    static void broadcast(List<CoroutineHandle<String, ?>> targets) {
        try {
            while (true) {
                String item = Coroutines.yield();
                for (int i = 0; i < targets.size(); i++) { // a plain loop: a yield in a forEach lambda could not suspend
                    targets.get(i).send(item);
                }
            }
        } finally {
            for (int i = 0; i < targets.size(); i++) {
                targets.get(i).close();
            }
        }
    }

    /**
     * The diamond's shared sink: prints every line it receives, numbered in the order it arrived, and
     * when it is closed says how many lines it got. The first branch to close closes it; the other
     * branches' {@code close()} finds it closed already and does nothing.
     */
    @Coroutine
    static void sharedPrinter(PrintStream out) {
        int received = 0;
        try {
            while (true) {
                String line = Coroutines.yield();
                received++;
                out.println(received + ": " + line);
            }
        } catch (GeneratorExit e) {
            out.println("the shared printer received " + received + " lines, then close()");
        }
    }

    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public String arguments() {
        return "FILE [--once] [--diamond] P1 [P2 ...]";
    }

    @Override
    public String summary() {
        return "one source -> broadcast -> a grep per pattern (--diamond: all into one printer); follows FILE unless --once";
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) throws IOException {
        String file = null;
        List<String> patterns = new ArrayList<>();
        boolean once = false;
        boolean diamond = false;
        boolean options = true;
        for (String arg : args) {
            if (options && arg.equals("--")) {
                options = false;
            } else if (options && arg.equals("--once")) {
                once = true;
            } else if (options && arg.equals("--diamond")) {
                diamond = true;
            } else if (options && arg.startsWith("--")) {
                throw new UsageException("unknown option '" + arg + "' (put -- before a pattern that starts with --)");
            } else if (file == null) {
                file = arg;
            } else {
                patterns.add(arg);
            }
        }
        if (file == null) {
            throw new UsageException("missing FILE");
        }
        if (patterns.isEmpty()) {
            throw new UsageException("missing the patterns P1 [P2 ...]");
        }
        Path path = Lines.checkedFile(file);
        List<CoroutineHandle<String, ?>> greps = new ArrayList<>();
        CoroutineHandle<String, Object> shared = diamond ? Coroutines.start(() -> sharedPrinter(out)) : null;
        for (String pattern : patterns) {
            CoroutineHandle<String, Object> sink = diamond ? shared : Coroutines.start(() -> PipelineSample.printer(out));
            greps.add(Coroutines.start(() -> PipelineSample.grep(pattern, sink)));
        }
        CoroutineHandle<String, Object> fanOut = Coroutines.start(() -> broadcast(greps));
        PipelineSample.follow(path, fanOut, once);
    }
}
