package dev.coflow.agent.harness;

import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.Refusals;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * A child-first class loader for one test package: each class of the package is read from the test
 * class path, rewritten by {@link ClassRewriter}, checked with ASM's {@code CheckClassAdapter}
 * (which must print nothing), and defined here, so the JVM verifier checks it as it loads. Every
 * other class (core, JUnit) comes from the parent, so the runtime is shared.
 */
public final class CaseClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final String packagePrefix;
    private final ClassHierarchy hierarchy;
    private final ClassRewriter.Options options;
    private final List<String> diagnostics = new ArrayList<>();
    private final List<Diagnostic> implicit = new ArrayList<>();
    private final List<String> rewrittenClasses = new ArrayList<>();

    /** Rewrites the classes whose binary names start with {@code packagePrefix} (e.g. {@code dev.coflow.agent.cases.}). */
    public CaseClassLoader(String packagePrefix) {
        this(packagePrefix, name -> false, ClassRewriter.Options.DEFAULT);
    }

    /**
     * As {@link #CaseClassLoader(String)}, with the classes (by internal name) every method of which counts
     * as a coroutine method (the agent's {@code suspendable=}) and the rewriter's options.
     */
    public CaseClassLoader(String packagePrefix, Predicate<String> suspendable, ClassRewriter.Options options) {
        super(CaseClassLoader.class.getClassLoader());
        this.packagePrefix = packagePrefix;
        this.options = options;
        ClassLoader parent = getParent();
        this.hierarchy = new ClassHierarchy(internalName -> read(parent, internalName), suspendable);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(packagePrefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** In build-time mode ({@link BuildTime}), the package rewritten once, as the Maven plugin would. */
    private BuildTime.Rewritten built;

    private synchronized BuildTime.Rewritten built(String internalName) {
        if (built == null) {
            String prefix = packagePrefix.replace('.', '/');
            built = BuildTime.rewrite(BuildTime.classesRoot(getParent(), internalName), prefix, getParent(), hierarchy::isSuspendable, options);
        }
        return built;
    }

    private Class<?> findBuiltClass(String name) throws ClassNotFoundException {
        String internalName = name.replace('.', '/');
        BuildTime.Rewritten rewritten = built(internalName);
        byte[] bytes = rewritten.bytes(internalName);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        rewritten.report().errors().stream().filter(d -> d.owner().equals(internalName)).forEach(d -> diagnostics.add(d.render()));
        rewritten.report().implicit().stream().filter(d -> d.owner().equals(internalName)).forEach(implicit::add);
        if (rewritten.report().rewritten().contains(internalName)) {
            rewrittenClasses.add(name);
            String problems = check(bytes);
            if (!problems.isEmpty()) {
                throw new AssertionError("CheckClassAdapter rejected rewritten " + name + ":\n" + problems);
            }
            // the agent meets a class rewritten at build time: it must leave it alone
            if (ClassRewriter.rewrite(bytes, hierarchy, options).bytes() != null) {
                throw new AssertionError(name + " was rewritten again at load after the build-time rewrite");
            }
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (BuildTime.enabled()) {
            return findBuiltClass(name);
        }
        byte[] original = read(getParent(), name.replace('.', '/'));
        if (original == null) {
            throw new ClassNotFoundException(name);
        }
        ClassRewriter.Result result = ClassRewriter.rewrite(original, hierarchy, options);
        result.diagnostics().forEach(d -> diagnostics.add(d.render()));
        implicit.addAll(result.implicit());
        // as the agent's transformer does: a run-time error in a refused method says why it was refused
        for (Diagnostic d : result.diagnostics()) {
            if (d.method() != null) {
                Refusals.record(d.owner(), d.method(), d.descriptor(), d.problem().message(), d.problem().fix());
            }
        }
        for (Diagnostic d : result.implicit()) {
            if (d.method() != null) {
                Refusals.record(d.owner(), d.method(), d.descriptor(), d.problem().message(), d.problem().fix());
            }
        }
        byte[] bytes = original;
        if (result.bytes() != null) {
            bytes = result.bytes();
            rewrittenClasses.add(name);
            String problems = check(bytes);
            if (!problems.isEmpty()) {
                throw new AssertionError("CheckClassAdapter rejected rewritten " + name + ":\n" + problems);
            }
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** What CheckClassAdapter and, on Java 24 or later, the JDK's ClassFile verifier find wrong in {@code bytes}. */
    private String check(byte[] bytes) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), getParent(), false, new PrintWriter(out));
        for (String error : JdkVerifier.errors(bytes, getParent())) {
            out.append("JDK ClassFile verifier: ").append(error).append('\n');
        }
        return out.toString();
    }

    /** In build-time mode, what the build-time rewrite of the package reported; otherwise {@code null}. */
    public synchronized dev.coflow.rewriter.DirectoryRewriter.Report buildTimeReport() {
        return built == null ? null : built.report();
    }

    /** The agent's reports for the classes loaded so far, rendered. */
    public List<String> diagnostics() {
        return diagnostics;
    }

    /** Refusals of methods that are coroutine methods only because their class is suspendable. */
    public List<Diagnostic> implicitRefusals() {
        return implicit;
    }

    /** Binary names of the classes that were rewritten. */
    public List<String> rewrittenClasses() {
        return rewrittenClasses;
    }

    /** The class hierarchy the rewriter used. */
    public ClassHierarchy hierarchy() {
        return hierarchy;
    }

    static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
