package dev.coflow.samples.grep;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.GeneratorExit;
import dev.coflow.samples.Lines;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code grep PATTERN [FILE]}: prints the lines of FILE (or stdin) that contain PATTERN, through a
 * consumer coroutine. The Python original:
 * <pre>
 * def grep(pattern):
 *     print("Looking for %s" % pattern)
 *     try:
 *         while True:
 *             line = (yield)
 *             if pattern in line:
 *                 print(line)
 *     except GeneratorExit:
 *         print("Going away. Goodbye")
 * </pre>
 */
public final class GrepSample implements Sample {

    /**
     * The consumer: waits for a line at each {@code Coroutines.yield()} and prints it if it contains
     * {@code pattern} (case-sensitive). Runs until it is closed.
     */
    @Coroutine
    static void grep(String pattern, PrintStream out) {
        out.println("Looking for " + pattern);
        try {
            while (true) {
                String line = Coroutines.yield();
                if (line.contains(pattern)) {
                    out.println(line);
                }
            }
        } catch (GeneratorExit e) {
            out.println("Going away. Goodbye");
        }
    }

    /**
     * {@code --throw}: instead of closing, raises an exception inside the coroutine at the yield it
     * waits at. {@code grep} catches only {@code GeneratorExit}, so the exception leaves the body,
     * comes back out of {@code throwIn} in the caller, and the coroutine is closed (no goodbye).
     */
    private static void showThrowIn(CoroutineHandle<String, Object> grep, PrintStream out) {
        out.println("throwIn: raising IllegalStateException at " + grep.where().get(0));
        try {
            grep.throwIn(new IllegalStateException("bad input"));
            out.println("throwIn: grep caught it and yielded again");
        } catch (IllegalStateException e) {
            out.println("throwIn: it was not caught there and came back out of throwIn: " + e.getMessage()
                    + "; grep is now " + grep.state());
        }
    }

    @Override
    public String name() {
        return "grep";
    }

    @Override
    public String arguments() {
        return "[--throw] PATTERN [FILE]";
    }

    @Override
    public String summary() {
        return "a consumer coroutine: lines pushed in with send(), GeneratorExit caught on close(); --throw uses throwIn";
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) throws IOException {
        boolean throwIn = !args.isEmpty() && args.get(0).equals("--throw");
        if (throwIn) {
            args = args.subList(1, args.size());
        }
        if (args.isEmpty()) {
            throw new UsageException("missing PATTERN");
        }
        if (args.get(0).startsWith("--")) {
            throw new UsageException("unknown option '" + args.get(0) + "'");
        }
        if (args.size() > 2) {
            throw new UsageException("too many arguments: " + args.subList(2, args.size()));
        }
        String pattern = args.get(0);
        try (BufferedReader lines = Lines.open(args.size() == 2 ? args.get(1) : null, in)) {
            // Primed: the body has printed "Looking for ..." and waits at its first yield.
            CoroutineHandle<String, Object> grep = Coroutines.start(() -> grep(pattern, out));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                grep.send(line);
            }
            if (throwIn) {
                showThrowIn(grep, out);
            } else {
                grep.close();
            }
        }
    }
}
