package dev.coflow.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the text the samples read: a file named on the command line, or standard input. */
public final class Lines {
    private Lines() {
    }

    /**
     * A reader of UTF-8 lines from {@code file}, or from {@code stdin} when {@code file} is {@code null}.
     * Bytes that are not UTF-8 become U+FFFD instead of stopping the sample.
     *
     * @throws UsageException when the file does not exist or is a directory
     * @throws IOException    when it exists but cannot be opened
     */
    public static BufferedReader open(String file, InputStream stdin) throws IOException {
        if (file == null) {
            return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        return new BufferedReader(new InputStreamReader(Files.newInputStream(checkedFile(file)), StandardCharsets.UTF_8));
    }

    /**
     * The path of an existing regular file named on the command line.
     *
     * @throws UsageException when it does not exist or is a directory
     * @throws IOException    when it cannot be read
     */
    public static Path checkedFile(String file) throws IOException {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new UsageException("'" + file + "' is a directory, not a file");
        }
        if (!Files.exists(path)) {
            throw new UsageException("no such file: '" + file + "'");
        }
        if (!Files.isReadable(path)) {
            throw new IOException("cannot read '" + file + "': permission denied");
        }
        return path;
    }
}
