package dev.coflow.samples;

import dev.coflow.NotRewrittenException;
import dev.coflow.samples.broadcast.BroadcastSample;
import dev.coflow.samples.buses.BusesSample;
import dev.coflow.samples.echo.EchoServerSample;
import dev.coflow.samples.generators.GeneratorsSample;
import dev.coflow.samples.grep.GrepSample;
import dev.coflow.samples.pipeline.PipelineSample;
import dev.coflow.samples.scheduler.SchedulerSample;
import dev.coflow.samples.versus.VersusObjectsSample;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one sample: {@code samples/run NAME [ARGS...]}, or
 * {@code java -javaagent:instrument-agent/target/instrument-agent.jar -jar samples/target/samples.jar NAME [ARGS...]}.
 * With no name it lists the samples. An unknown name or wrong arguments (a FILE that does not exist
 * included) print a usage message to stderr and exit with status 2; a file that exists but cannot be
 * read, or a run without the agent, prints what went wrong and exits with status 1.
 */
public final class Main {
    /** The samples, in the order the list shows them: generators first, then coroutines that consume. */
    static final List<Sample> SAMPLES = List.of(new GeneratorsSample(), new GrepSample(), new PipelineSample(), new BroadcastSample(),
            new VersusObjectsSample(), new BusesSample(), new SchedulerSample(), new EchoServerSample());

    /** Set by {@code samples/run} so that usage messages show the command the user typed. */
    static final String LAUNCHER_PROPERTY = "coflow.samples.launcher";

    private Main() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the platform's default, so lines pass through unchanged; flushed per line for tail -f.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), true, StandardCharsets.UTF_8);
        int status = run(args, System.in, out, System.err);
        out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the sample named by {@code args[0]} and returns the exit status. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String launcher = System.getProperty(LAUNCHER_PROPERTY, "java -javaagent:instrument-agent.jar -jar samples.jar");
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            listSamples(launcher, out);
            return 0;
        }
        Sample sample = SAMPLES.stream().filter(s -> s.name().equals(args[0])).findFirst().orElse(null);
        if (sample == null) {
            err.println("samples: unknown sample '" + args[0] + "'");
            err.println("usage: " + launcher + " NAME [ARGS...]");
            err.println("samples: " + SAMPLES.stream().map(Sample::name).collect(Collectors.joining(", "))
                    + " (run without NAME to see what each shows)");
            return 2;
        }
        try {
            sample.run(List.of(Arrays.copyOfRange(args, 1, args.length)), in, out);
            return 0;
        } catch (UsageException e) {
            err.println(sample.name() + ": " + e.getMessage());
            err.println("usage: " + launcher + " " + usage(sample));
            return 2;
        } catch (IOException e) {
            err.println(sample.name() + ": " + e.getMessage());
            return 1;
        } catch (NotRewrittenException e) {
            err.println(sample.name() + ": " + e.getMessage());
            return 1;
        }
    }

    private static void listSamples(String launcher, PrintStream out) {
        out.println("coflow samples; run one with: " + launcher + " NAME [ARGS...]");
        int width = SAMPLES.stream().mapToInt(s -> usage(s).length()).max().orElse(0);
        for (Sample s : SAMPLES) {
            out.println("  " + pad(usage(s), width) + "  " + s.summary());
        }
    }

    private static String usage(Sample sample) {
        return sample.arguments().isEmpty() ? sample.name() : sample.name() + " " + sample.arguments();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
