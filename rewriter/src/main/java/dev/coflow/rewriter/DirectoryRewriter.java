package dev.coflow.rewriter;

import dev.coflow.rewriter.report.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Rewrites a directory of class files in place: the build-time counterpart of the agent, used by the
 * Maven plugin. Every class file under the directory is read first, so that the class hierarchy sees
 * the classes as javac wrote them whatever order they are rewritten in; each is then rewritten by
 * {@link ClassRewriter} exactly as the agent would at class load, and written back when it changed.
 * A class that carries the rewriter's mark is left alone, so running it twice is a no-op.
 */
public final class DirectoryRewriter {
    private DirectoryRewriter() {
    }

    /**
     * What one run did.
     *
     * @param examined         class files looked at
     * @param rewritten        classes rewritten now, by internal name (none when errors kept them from being written)
     * @param alreadyRewritten classes that carried the mark and were left alone
     * @param errors           methods refused and errors met: with {@code failOnError}, the build fails
     * @param implicit         refusals of methods that are coroutine methods only because their class is
     *                         suspendable ({@code suspendable}): expected, reported as counts
     * @param nanos            time spent rewriting each rewritten class, by internal name
     * @param warnings         what will fail at run time though every class was rewritten: a named module (the
     *                         directory's {@code module-info.class}) whose rewritten classes call coflow's runtime but
     *                         that does not require its module
     * @param slow             rewritten methods the JIT will not compile ({@link dev.coflow.rewriter.report.Problem#TOO_LARGE_TO_COMPILE})
     */
    public record Report(int examined, List<String> rewritten, List<String> alreadyRewritten, List<Diagnostic> errors,
                         List<Diagnostic> implicit, Map<String, Long> nanos, List<String> warnings, List<Diagnostic> slow) {
    }

    /** The name of coflow-core's module (its jar's {@code Automatic-Module-Name}), which rewritten classes call into. */
    public static final String RUNTIME_MODULE = "dev.coflow";

    /**
     * The warning for a directory that is a named module whose rewritten classes call coflow's runtime while it does not
     * read {@link #RUNTIME_MODULE}: run without the agent (which adds the edge itself), their first call into the runtime
     * fails with {@code IllegalAccessError}. Empty when there is no {@code module-info.class}, nothing was rewritten, or
     * the module requires coflow's.
     */
    static List<String> moduleWarnings(Path classes, List<String> rewritten) throws IOException {
        Path info = classes.resolve("module-info.class");
        if (rewritten.isEmpty() || !Files.isRegularFile(info)) {
            return List.of();
        }
        java.lang.module.ModuleDescriptor module;
        try (java.io.InputStream in = Files.newInputStream(info)) {
            module = java.lang.module.ModuleDescriptor.read(in);
        } catch (java.lang.module.InvalidModuleDescriptorException unreadable) {
            return List.of(); // the JVM will say what is wrong with it
        }
        if (module.isAutomatic() || module.requires().stream().anyMatch(r -> r.name().equals(RUNTIME_MODULE))) {
            return List.of();
        }
        return List.of("module " + module.name() + " does not require " + RUNTIME_MODULE + ", and " + rewritten.size()
                + " of its classes now call coflow's runtime (" + rewritten.get(0).replace('/', '.')
                + (rewritten.size() > 1 ? " and others" : "") + "): run without the agent, the first such call fails with"
                + " IllegalAccessError (module " + module.name() + " does not read module " + RUNTIME_MODULE + "). Fix: add"
                + " 'requires " + RUNTIME_MODULE + ";' to its module-info.java, or run it with --add-reads " + module.name() + "="
                + RUNTIME_MODULE + " (under the agent nothing is needed: the agent adds the edge).");
    }

    /**
     * Rewrites the classes under {@code classes} in place.
     *
     * @param classes     a class output directory (javac's {@code target/classes})
     * @param classPath   the bytes of a class by internal name from the rest of the class path (dependencies,
     *                    the JDK), or {@code null} when not found; the directory's own classes come first
     * @param suspendable classes every method of which counts as a coroutine method (the agent's {@code suspendable=})
     * @param excludes    internal-name prefixes never rewritten (the agent's {@code exclude=})
     * @param options     the rewriter's switches
     * @param writeOnError whether to write the rewritten classes when some method could not be rewritten;
     *                    {@code false} (a build that fails on errors) writes nothing then, so that the next build,
     *                    which javac may leave the classes to, meets the same errors instead of marked classes
     */
    public static Report rewrite(Path classes, Function<String, byte[]> classPath, Predicate<String> suspendable,
                                 List<String> excludes, ClassRewriter.Options options, boolean writeOnError) throws IOException {
        Map<String, byte[]> originals = new TreeMap<>();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    String name = classes.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    name = name.substring(0, name.length() - ".class".length());
                    if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
                        originals.put(name, Files.readAllBytes(f));
                    }
                }
            }
        }
        ClassHierarchy hierarchy = new ClassHierarchy(name -> {
            byte[] own = originals.get(name);
            return own != null ? own : classPath.apply(name);
        }, name -> suspendable.test(name) && ClassFilter.mayRewriteAtBuildTime(name, excludes));
        List<String> rewritten = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<Diagnostic> errors = new ArrayList<>();
        List<Diagnostic> implicit = new ArrayList<>();
        List<Diagnostic> slow = new ArrayList<>();
        Map<String, Long> nanos = new TreeMap<>();
        Map<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : originals.entrySet()) {
            String name = e.getKey();
            if (!ClassFilter.mayRewriteAtBuildTime(name, excludes)) {
                continue;
            }
            if (ClassRewriter.rewrittenBy(e.getValue()) != null) {
                already.add(name);
                continue;
            }
            long start = System.nanoTime();
            ClassRewriter.Result result = ClassRewriter.rewrite(e.getValue(), hierarchy, options);
            long took = System.nanoTime() - start;
            errors.addAll(result.diagnostics());
            implicit.addAll(result.implicit());
            slow.addAll(result.warnings());
            if (result.bytes() != null) {
                out.put(name, result.bytes());
                rewritten.add(name);
                nanos.put(name, took);
            }
        }
        if (!errors.isEmpty() && !writeOnError) {
            return new Report(originals.size(), List.of(), already, errors, implicit, Map.of(), List.of(), slow);
        }
        for (Map.Entry<String, byte[]> e : out.entrySet()) {
            Path target = classes.resolve(e.getKey() + ".class");
            Path temporary = target.resolveSibling(target.getFileName() + ".coflow-tmp");
            Files.write(temporary, e.getValue());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new Report(originals.size(), rewritten, already, errors, implicit, nanos, moduleWarnings(classes, rewritten), slow);
    }

    /**
     * A class path as {@link #rewrite}'s {@code classPath}: directories and jars in order, then the JDK
     * this build runs on. Jars are opened once and kept open until {@link ClassPath#close()}.
     */
    public static ClassPath classPath(List<Path> entries) throws IOException {
        return new ClassPath(entries);
    }

    /** Class bytes from directories and jars, in order, then from the running JDK. */
    public static final class ClassPath implements Function<String, byte[]>, AutoCloseable {
        private final List<Path> directories = new ArrayList<>();
        private final List<JarFile> jars = new ArrayList<>();

        private ClassPath(List<Path> entries) throws IOException {
            for (Path p : entries) {
                if (Files.isDirectory(p)) {
                    directories.add(p);
                } else if (Files.isRegularFile(p)) {
                    jars.add(new JarFile(p.toFile()));
                }
            }
        }

        @Override
        public byte[] apply(String internalName) {
            String resource = internalName + ".class";
            try {
                for (Path d : directories) {
                    Path f = d.resolve(resource);
                    if (Files.isRegularFile(f)) {
                        return Files.readAllBytes(f);
                    }
                }
                for (JarFile j : jars) {
                    var entry = j.getJarEntry(resource);
                    if (entry != null) {
                        try (InputStream in = j.getInputStream(entry)) {
                            return in.readAllBytes();
                        }
                    }
                }
                try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
                    if (in != null) {
                        return in.readAllBytes();
                    }
                }
                try (InputStream in = Object.class.getResourceAsStream("/" + resource)) {
                    return in == null ? null : in.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            for (JarFile j : jars) {
                j.close();
            }
        }
    }
}
