package dev.coflow.transparency;

import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.DirectoryRewriter;
import dev.coflow.rewriter.SuspendableClasses;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A library's classes as a build would ship them rewritten, for {@code transparency/steady} to time against the agent:
 * the classes of the class path's jars that {@code PATTERN} (the agent's {@code suspendable=} syntax) makes suspendable
 * are written twice, as they are into {@code PLAIN} and rewritten into {@code REWRITTEN} by {@link DirectoryRewriter}
 * (what the Maven plugin runs, with the same options and the rest of the class path to resolve against). Each directory,
 * put first on a class path, then shadows the jars' copies; timing both, with no agent, tells what the rewritten code
 * costs apart from the agent rewriting in the same JVM. Only the jars' base entries are taken (not
 * {@code META-INF/versions/}), so both directories hold the same classes.
 *
 * <p>{@code java -cp … dev.coflow.transparency.BuildTimeCopy PATTERN PLAIN REWRITTEN}; the directories must not exist.
 */
public final class BuildTimeCopy {
    private BuildTimeCopy() {
    }

    public static void main(String[] args) throws IOException {
        SuspendableClasses suspendable = SuspendableClasses.parse(args[0]);
        Path plain = Path.of(args[1]);
        Path rewritten = Path.of(args[2]);
        if (Files.exists(plain) || Files.exists(rewritten)) {
            throw new IllegalArgumentException(plain + " or " + rewritten + " exists already");
        }
        List<Path> classPath = new ArrayList<>();
        int copied = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            classPath.add(p);
            if (entry.endsWith(".jar")) {
                copied += copy(p, suspendable, plain, rewritten);
            }
        }
        if (copied == 0) {
            throw new IllegalArgumentException("no class of the class path's jars matches " + args[0]);
        }
        DirectoryRewriter.Report report;
        try (DirectoryRewriter.ClassPath rest = DirectoryRewriter.classPath(classPath)) {
            report = DirectoryRewriter.rewrite(rewritten, rest, suspendable, List.of(), new ClassRewriter.Options(true), true);
        }
        System.out.println("BUILD-TIME " + args[0] + ": " + copied + " classes, " + report.rewritten().size()
                + " rewritten, " + report.errors().size() + " refused or in error (left as they were), "
                + report.implicit().size() + " methods left as they were because they cannot be rewritten");
    }

    /** Writes the classes of {@code jar} that {@code suspendable} names into both directories; returns how many. */
    private static int copy(Path jar, SuspendableClasses suspendable, Path plain, Path rewritten) throws IOException {
        int n = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(file.entries())) {
                String name = e.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                if (!suspendable.test(name.substring(0, name.length() - ".class".length()))) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = file.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                for (Path dir : List.of(plain, rewritten)) {
                    Path to = dir.resolve(name);
                    Files.createDirectories(to.getParent());
                    Files.write(to, bytes);
                }
                n++;
            }
        }
        return n;
    }
}
