package dev.coflow.agent.harness;

import dev.coflow.Coroutine;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jetbrains.kotlin.cli.common.ExitCode;
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler;

/**
 * The Kotlin fixtures of {@code src/test/kotlin-fixtures}, compiled by kotlinc (the embeddable compiler, in this JVM):
 * one file and package each, a top-level {@code body()} and its {@code EXPECTED}, {@code SENDS} and {@code RESULT}.
 */
public final class KotlinFixtures {
    static final Path SOURCES = sourcesDirectory();
    static final String PACKAGE = "dev.coflow.kotlinfixtures"; // outside dev.coflow.agent, which the agent never rewrites

    private KotlinFixtures() {
    }

    /** Compiles every fixture into {@code out}, failing with kotlinc's messages. */
    public static void compile(Path out) throws Exception {
        compile(out, List.of());
    }

    /** As above, with kotlinc's {@code options} too (such as {@code -Xlambdas=class}). */
    public static void compile(Path out, List<String> options) throws Exception {
        compile(out, options, sources());
    }

    /** The Kotlin files of {@code src/test/<directory>} (not fixtures run as cases), compiled into {@code out}. */
    public static void compileDirectory(Path out, String directory) throws Exception {
        try (Stream<Path> files = Files.walk(SOURCES.getParent().resolve(directory))) {
            compile(out, List.of(), files.filter(p -> p.toString().endsWith(".kt")).map(Path::toString).sorted().toList());
        }
    }

    private static void compile(Path out, List<String> options, List<String> sources) throws Exception {
        List<String> args = new ArrayList<>(List.of("-no-stdlib", "-no-reflect", "-jvm-target", "17",
                "-classpath", jarOf(Coroutine.class) + File.pathSeparator + jarOf(kotlin.Unit.class), "-d", out.toString()));
        args.addAll(options);
        args.addAll(sources);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        ExitCode code = new K2JVMCompiler().exec(new PrintStream(messages, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        if (code != ExitCode.OK) {
            throw new AssertionError("kotlinc failed (" + code + "):\n" + messages.toString(StandardCharsets.UTF_8));
        }
    }

    /** The module's {@code src/test/kotlin-fixtures}, found from the test classes' directory (whatever the working directory). */
    private static Path sourcesDirectory() {
        try {
            Path testClasses = Path.of(KotlinFixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return testClasses.getParent().getParent().resolve("src/test/kotlin-fixtures");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jarOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static List<String> sources() throws Exception {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".kt")).map(Path::toString).sorted().toList();
        }
    }

    /**
     * The fixtures by binary name: named as the file ({@code @file:JvmName}), each in a package of its own (top-level
     * functions of one package would clash), named as its directory.
     */
    public static List<String> fixtures() throws Exception {
        return sources().stream().map(Path::of)
                .map(p -> PACKAGE + "." + p.getParent().getFileName() + "." + p.getFileName().toString().replace(".kt", ""))
                .toList();
    }
}
