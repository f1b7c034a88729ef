package dev.coflow.samples.pipeline;

import dev.coflow.Coroutine;
import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.Generator;
import dev.coflow.samples.Lines;
import dev.coflow.samples.Sample;
import dev.coflow.samples.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;

/**
 * {@code pipeline FILE --pattern P [--once]}: {@code follow(FILE) -> grep(P) -> printer()}, with
 * values pushed through by {@code send}. The Python original:
 * <pre>
 * follow(open("access-log"), grep("python", printer()))
 * </pre>
 */
public final class PipelineSample implements Sample {
    /** How long the source waits before looking for new lines at the end of the file. */
    static final long POLL_MILLIS = 100;

    /**
     * The source of the push pipeline: a plain loop that drives it. Sends each line of {@code file}
     * to {@code target}, from the start, as {@link #followLines} finds them; at the end of the file
     * it stops when {@code once}, and otherwise follows the file until the thread is interrupted.
     * Closes {@code target} when it stops.
     */
    public static void follow(Path file, CoroutineHandle<String, ?> target, boolean once) throws IOException {
        try (Generator<String> lines = Coroutines.generate(() -> followLines(file, once))) {
            for (String line : lines) {
                target.send(line);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            target.close();
        }
    }

    /**
     * A generator of the lines of {@code file}, from its start, like {@code tail -f}: at the end of
     * the file it returns when {@code once} (a last line without a newline included), and otherwise
     * polls every {@link #POLL_MILLIS} ms for more until the thread is interrupted. A line whose
     * newline has not been written yet waits for it; a truncated file is read again from its start.
     * Closing the generator closes the file.
     */
    @Coroutine
    static void followLines(Path file, boolean once) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read > 0) {
                    for (int i = 0; i < read; i++) {
                        byte b = buffer.get(i);
                        if (b == '\n') {
                            Coroutines.yield(decode(line));
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                    continue;
                }
                if (once) {
                    if (line.size() > 0) {
                        Coroutines.yield(decode(line)); // a last line without a newline
                    }
                    return;
                }
                if (channel.size() < channel.position()) {
                    channel.position(0); // the file was truncated: start again from its beginning, as tail -f does
                    line.reset();
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A filter: passes on to {@code target} the lines that contain {@code pattern}, and closes it when
     * closed. The broadcast sample's branches are made of it too.
     */
    @Coroutine
    public static void grep(String pattern, CoroutineHandle<String, ?> target) {
        try {
            while (true) {
                String line = Coroutines.yield();
                if (line.contains(pattern)) {
                    target.send(line);
                }
            }
        } finally {
            target.close();
        }
    }

    /** The sink: prints every line it receives, exactly as received. */
    @Coroutine
    public static void printer(PrintStream out) {
        while (true) {
            String line = Coroutines.yield();
            out.println(line);
        }
    }

    private static String decode(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String arguments() {
        return "FILE --pattern P [--once] [--pull]";
    }

    @Override
    public String summary() {
        return "source -> grep filter -> printer, lines pushed through coroutines; --pull: generators; follows FILE unless --once";
    }

    /**
     * The same pipeline pulled instead of pushed ("generators pull, coroutines push"): a generator of
     * the file's lines ({@link #followLines}, the same source the push version drives its pipeline
     * with), a generator that keeps the lines containing the pattern, and a for-each loop as the
     * sink, printing what it pulls. The output is the same as the push version's.
     */
    static void pullPipeline(Path file, String pattern, boolean once, PrintStream out) throws IOException {
        try (Generator<String> lines = Coroutines.generate(() -> followLines(file, once))) {
            for (String line : Coroutines.<String>generate(() -> grepPulling(pattern, lines))) {
                out.println(line);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A generator over a generator: yields the lines of {@code source} that contain {@code pattern}. */
    @Coroutine
    static void grepPulling(String pattern, Generator<String> source) {
        Iterator<String> it = source.iterator();
        while (it.hasNext()) {
            String line = it.next();
            if (line.contains(pattern)) {
                Coroutines.yield(line);
            }
        }
    }

    @Override
    public void run(List<String> args, InputStream in, PrintStream out) throws IOException {
        String file = null;
        String pattern = null;
        boolean once = false;
        boolean pull = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--once")) {
                once = true;
            } else if (arg.equals("--pull")) {
                pull = true;
            } else if (arg.equals("--pattern")) {
                if (i + 1 == args.size()) {
                    throw new UsageException("--pattern needs a value");
                }
                pattern = args.get(++i);
            } else if (arg.startsWith("--")) {
                throw new UsageException("unknown option '" + arg + "'");
            } else if (file == null) {
                file = arg;
            } else {
                throw new UsageException("more than one FILE: '" + file + "' and '" + arg + "'");
            }
        }
        if (file == null) {
            throw new UsageException("missing FILE");
        }
        if (pattern == null) {
            throw new UsageException("missing --pattern P");
        }
        Path path = Lines.checkedFile(file);
        String p = pattern;
        if (pull) {
            pullPipeline(path, p, once, out);
            return;
        }
        CoroutineHandle<String, Object> printer = Coroutines.start(() -> printer(out));
        CoroutineHandle<String, Object> grep = Coroutines.start(() -> grep(p, printer));
        follow(path, grep, once);
    }
}
