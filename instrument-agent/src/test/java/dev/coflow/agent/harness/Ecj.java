package dev.coflow.agent.harness;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles a test's Java source with the Eclipse compiler (ECJ), whose class files differ from javac's. */
public final class Ecj {
    private Ecj() {
    }

    /**
     * Writes {@code source}, the class {@code binaryName}, into a new temporary directory and compiles it there for
     * {@code release} with debug information, against the test's class path; returns the directory.
     */
    public static Path compile(String binaryName, String source, String release) throws IOException {
        Path dir = Files.createTempDirectory("coflow-ecj");
        Path file = dir.resolve(binaryName.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        boolean compiled = org.eclipse.jdt.core.compiler.batch.BatchCompiler.compile(new String[] {"--release", release, "-nowarn", "-g",
                "-proc:none", "-encoding", "UTF-8", "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString()}, w, w, null);
        if (!compiled) {
            throw new AssertionError("ECJ refused " + binaryName + ":\n" + out);
        }
        return dir;
    }
}
