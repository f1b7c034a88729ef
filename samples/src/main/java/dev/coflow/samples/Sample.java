package dev.coflow.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** One runnable sample, as {@link Main} lists and starts it. */
public interface Sample {

    /** The name that picks it on the command line, e.g. {@code grep}. */
    String name();

    /** Its arguments after the name, as a usage line shows them, e.g. {@code PATTERN [FILE]}; empty when it takes none. */
    String arguments();

    /** What it shows, in one line. */
    String summary();

    /**
     * Runs the sample.
     *
     * @param args the command-line arguments after the sample's name
     * @param in   standard input
     * @param out  standard output; the sample prints only its own output there
     * @throws UsageException when the arguments are wrong; nothing has been printed then
     * @throws IOException    when a file cannot be read while the sample runs
     */
    void run(List<String> args, InputStream in, PrintStream out) throws IOException;
}
