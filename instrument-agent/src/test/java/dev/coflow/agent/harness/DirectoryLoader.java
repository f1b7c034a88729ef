package dev.coflow.agent.harness;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Loads the classes of a directory (javac's output at test time) child-first, rewritten with the
 * verifier's checks ({@code CheckClassAdapter}; every diagnostic fails) or, for the plain-Java
 * oracle, exactly as javac wrote them.
 */
public final class DirectoryLoader extends ClassLoader {
    private final Path dir;
    private final boolean rewrite;
    private final ClassHierarchy hierarchy;
    private final List<String> rewritten = new CopyOnWriteArrayList<>();
    private final java.util.function.Predicate<dev.coflow.rewriter.report.Diagnostic> expected;
    private final List<String> excludes;

    /** In build-time mode ({@link BuildTime}), a copy of the directory rewritten in place, as the Maven plugin would. */
    private final BuildTime.Rewritten built;

    public DirectoryLoader(Path dir, boolean rewrite) {
        this(dir, rewrite, d -> false);
    }

    /** As above, where the refusals {@code expected} accepts are part of the program (every other diagnostic fails). */
    public DirectoryLoader(Path dir, boolean rewrite, java.util.function.Predicate<dev.coflow.rewriter.report.Diagnostic> expected) {
        this(dir, rewrite, expected, List.of());
    }

    /**
     * As above, leaving the classes whose internal names start with one of {@code excludes} as javac wrote them, as
     * the agent leaves an {@code exclude=}d package or a class that names nothing of coflow.
     */
    public DirectoryLoader(Path dir, boolean rewrite, java.util.function.Predicate<dev.coflow.rewriter.report.Diagnostic> expected,
                           List<String> excludes) {
        this(dir, rewrite, expected, excludes, name -> false);
    }

    /** As above, where every method of the classes {@code suspendable} accepts (by internal name) is a coroutine method. */
    public DirectoryLoader(Path dir, boolean rewrite, java.util.function.Predicate<dev.coflow.rewriter.report.Diagnostic> expected,
                           List<String> excludes, java.util.function.Predicate<String> suspendable) {
        super(DirectoryLoader.class.getClassLoader());
        this.expected = expected;
        this.excludes = List.copyOf(excludes);
        this.built = rewrite && BuildTime.enabled()
                ? BuildTime.rewrite(dir, "", getParent(), suspendable, excludes, new ClassRewriter.Options(true)) : null;
        this.dir = built != null ? built.dir() : dir;
        this.rewrite = rewrite;
        ClassLoader parent = getParent();
        this.hierarchy = new ClassHierarchy(name -> {
            try {
                Path p = dir.resolve(name + ".class");
                if (Files.exists(p)) {
                    return Files.readAllBytes(p);
                }
                try (var in = parent.getResourceAsStream(name + ".class")) {
                    return in == null ? null : in.readAllBytes();
                }
            } catch (IOException e) {
                return null;
            }
        }, suspendable);
    }

    /** The directory's files as resources (the JDK's ClassFile verifier reads the classes it compares through them). */
    @Override
    protected java.net.URL findResource(String name) {
        Path p = dir.resolve(name);
        try {
            return Files.isRegularFile(p) ? p.toUri().toURL() : null;
        } catch (java.net.MalformedURLException e) {
            return null;
        }
    }

    /**
     * The loader {@code CheckClassAdapter} loads the types it compares through: the same classes as they are on disk,
     * never rewritten. Not this loader: checking one class while it is defined here would load the classes it uses,
     * which are checked as they load, and a pair that use each other fails with ClassCircularityError.
     */
    private ClassLoader checker() {
        if (checker == null) {
            checker = new DirectoryLoader(dir, false);
        }
        return checker;
    }

    private ClassLoader checker;

    /** The classes this loader rewrote, by binary name. */
    public List<String> rewritten() {
        return rewritten;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Path p = dir.resolve(name.replace('.', '/') + ".class");
        if (!Files.exists(p)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c != null) {
                return c;
            }
            try {
                byte[] bytes = Files.readAllBytes(p);
                if (built != null) {
                    String internalName = name.replace('.', '/');
                    List<?> errors = built.report().errors().stream().filter(d -> d.owner().equals(internalName) && !expected.test(d)).toList();
                    if (!errors.isEmpty()) {
                        throw new AssertionError(name + ": " + errors);
                    }
                    if (built.report().rewritten().contains(internalName)) {
                        rewritten.add(name);
                        if (ClassRewriter.rewrite(bytes, hierarchy, new ClassRewriter.Options(true)).bytes() != null) {
                            throw new AssertionError(name + " was rewritten again at load after the build-time rewrite");
                        }
                    }
                } else if (rewrite && excludes.stream().noneMatch(name.replace('.', '/')::startsWith)) {
                    ClassRewriter.Result result = ClassRewriter.rewrite(bytes, hierarchy, new ClassRewriter.Options(true));
                    if (!result.diagnostics().stream().allMatch(expected)) {
                        throw new AssertionError(name + ": " + result.diagnostics());
                    }
                    if (result.bytes() != null) {
                        bytes = result.bytes();
                        rewritten.add(name);
                        StringWriter problems = new StringWriter();
                        CheckClassAdapter.verify(new ClassReader(bytes), checker(), false, new PrintWriter(problems));
                        for (String error : JdkVerifier.errors(bytes, checker())) {
                            problems.append("JDK ClassFile verifier: ").append(error).append('\n');
                        }
                        if (!problems.toString().isEmpty()) {
                            throw new AssertionError("CheckClassAdapter on " + name + ":\n" + problems);
                        }
                    }
                }
                c = defineClass(name, bytes, 0, bytes.length);
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
