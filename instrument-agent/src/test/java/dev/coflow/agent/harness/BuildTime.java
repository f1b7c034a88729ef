package dev.coflow.agent.harness;

import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.DirectoryRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The harness's second way of rewriting: as the Maven plugin does at build time. With the system property
 * {@code coflow.test.rewriteAt=build} (Surefire's {@code build-time} execution), the loaders copy the
 * classes under test into a directory of their own, rewrite it in place with {@link DirectoryRewriter}
 * (the plugin's code), and define the classes from it as they are on disk: nothing is rewritten at load.
 */
public final class BuildTime {
    private BuildTime() {
    }

    /** Whether this test JVM rewrites at build time instead of at class load. */
    public static boolean enabled() {
        return "build".equals(System.getProperty("coflow.test.rewriteAt"));
    }

    /**
     * Copies the class files of {@code from} (recursively) whose relative path starts with {@code prefix}
     * into a fresh directory and rewrites it there as the plugin would; class path lookups fall back to {@code parent}.
     */
    public static Rewritten rewrite(Path from, String prefix, ClassLoader parent, Predicate<String> suspendable,
                                    ClassRewriter.Options options) {
        return rewrite(from, prefix, parent, suspendable, List.of(), options);
    }

    /** As above, leaving the classes whose internal names start with one of {@code excludes} as they are. */
    public static Rewritten rewrite(Path from, String prefix, ClassLoader parent, Predicate<String> suspendable,
                                    List<String> excludes, ClassRewriter.Options options) {
        try {
            Path to = Files.createTempDirectory("coflow-build-time");
            to.toFile().deleteOnExit();
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    String relative = from.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    if (relative.startsWith(prefix)) {
                        Path target = to.resolve(relative);
                        Files.createDirectories(target.getParent());
                        Files.copy(f, target);
                    }
                }
            }
            DirectoryRewriter.Report report = DirectoryRewriter.rewrite(to, name -> read(parent, name), suspendable, excludes, options, true);
            return new Rewritten(to, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory rewritten in place, and what the rewrite reported. */
    public record Rewritten(Path dir, DirectoryRewriter.Report report) {
        /** The bytes of a class of the directory, by internal name, or {@code null}. */
        public byte[] bytes(String internalName) {
            Path f = dir.resolve(internalName + ".class");
            try {
                return Files.exists(f) ? Files.readAllBytes(f) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The directory of the class path that holds {@code internalName}'s class file (javac's test output). */
    public static Path classesRoot(ClassLoader loader, String internalName) {
        try {
            Path file = Path.of(loader.getResource(internalName + ".class").toURI());
            Path root = file;
            for (int i = 0; i < internalName.split("/").length; i++) {
                root = root.getParent();
            }
            return root;
        } catch (java.net.URISyntaxException | NullPointerException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalStateException("cannot find the class directory of " + internalName, e);
        }
    }

    static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
