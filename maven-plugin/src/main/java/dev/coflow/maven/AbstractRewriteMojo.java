package dev.coflow.maven;

import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.DirectoryRewriter;
import dev.coflow.rewriter.SuspendableClasses;
import dev.coflow.rewriter.report.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What both goals share: rewrite one class output directory in place with {@link DirectoryRewriter},
 * report refusals as compiler-style errors ({@code File.java:[line]}, the problem, the fix) and fail
 * the build on them unless {@code failOnError} is false.
 */
abstract class AbstractRewriteMojo extends AbstractMojo {
    /** Skip rewriting. */
    @Parameter(property = "coflow.skip", defaultValue = "false")
    private boolean skip;

    /** Fail the build when a method cannot be rewritten (the agent would print the same error and go on). */
    @Parameter(property = "coflow.failOnError", defaultValue = "true")
    private boolean failOnError;

    /** Check every rewritten class with ASM's verifier-like analysis before writing it (the agent's {@code verify=true}). */
    @Parameter(property = "coflow.verify", defaultValue = "true")
    private boolean verify;

    /**
     * Classes every method of which counts as a coroutine method, as the agent's {@code suspendable=}:
     * {@code com.acme.lib.*} (a package), {@code com.acme.**} (a package and its subpackages),
     * {@code com.acme.Foo} (a class), separated by {@code ;}.
     */
    @Parameter(property = "coflow.suspendable", defaultValue = "")
    private String suspendable;

    /** Package or class prefixes never rewritten, as the agent's {@code exclude=} (e.g. {@code com.acme.gen.}). */
    @Parameter(property = "coflow.excludes")
    private List<String> excludes;

    /** Print every class rewritten and how long it took. */
    @Parameter(property = "coflow.trace", defaultValue = "false")
    private boolean trace;

    abstract File classesDirectory();

    abstract List<String> classPathElements() throws MojoExecutionException;

    abstract List<String> sourceRoots();

    abstract String what();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("coflow: skipped (coflow.skip)");
            return;
        }
        Path classes = classesDirectory().toPath();
        if (!Files.isDirectory(classes)) {
            getLog().info("coflow: no " + what() + " to rewrite (" + classes + " does not exist)");
            return;
        }
        SuspendableClasses suspendableClasses;
        try {
            suspendableClasses = SuspendableClasses.parse(suspendable == null ? "" : suspendable);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("coflow: bad <suspendable>: " + e.getMessage(), e);
        }
        List<String> excluded = new ArrayList<>();
        if (excludes != null) {
            for (String prefix : excludes) {
                if (!prefix.isBlank()) {
                    excluded.add(prefix.trim().replace('.', '/'));
                }
            }
        }
        List<Path> classPath = new ArrayList<>();
        for (String element : classPathElements()) {
            Path p = Path.of(element);
            if (!p.toAbsolutePath().normalize().equals(classes.toAbsolutePath().normalize())) {
                classPath.add(p);
            }
        }
        DirectoryRewriter.Report report;
        long start = System.nanoTime();
        try (DirectoryRewriter.ClassPath rest = DirectoryRewriter.classPath(classPath)) {
            report = DirectoryRewriter.rewrite(classes, rest, suspendableClasses, excluded, new ClassRewriter.Options(verify), !failOnError);
        } catch (IOException e) {
            throw new MojoExecutionException("coflow: could not rewrite " + classes + ": " + e, e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (trace) {
            for (Map.Entry<String, Long> e : report.nanos().entrySet()) {
                getLog().info(String.format("coflow: rewrote %s in %.2f ms", e.getKey().replace('/', '.'), e.getValue() / 1e6));
            }
        }
        for (Diagnostic d : report.errors()) {
            String text = render(d);
            if (failOnError) {
                getLog().error(text);
            } else {
                getLog().warn(text);
            }
        }
        for (String warning : report.warnings()) {
            getLog().warn("coflow: " + warning);
        }
        for (Diagnostic d : report.slow()) {
            getLog().warn(render(d));
        }
        if (!report.implicit().isEmpty()) {
            getLog().info("coflow: " + report.implicit().size() + " method(s) of suspendable classes left as they were "
                    + "(they cannot suspend there; run with -Dcoflow.trace=true to list them)");
            if (trace) {
                report.implicit().forEach(d -> getLog().info(render(d)));
            }
        }
        getLog().info(String.format("coflow: rewrote %d of %d %s in %d ms%s", report.rewritten().size(), report.examined(), what(),
                millis, report.alreadyRewritten().isEmpty() ? "" : " (" + report.alreadyRewritten().size() + " already rewritten, left alone)"));
        if (!report.errors().isEmpty() && failOnError) {
            throw new MojoFailureException("coflow: " + report.errors().size() + " method(s) cannot be rewritten; see the errors above "
                    + "(each names the file, line and fix; set <failOnError>false</failOnError> to build anyway, leaving them as they are)."
                    + " No class was written, so the next build meets the same errors.");
        }
    }

    /** {@code /abs/src/main/java/com/acme/Feed.java:[42] coflow: cannot rewrite com.acme.Feed#gen ()V (Feed.java:42): ... Fix: ...}, like a compiler error. */
    private String render(Diagnostic d) {
        String location = sourceOf(d);
        String rendered = d.render().replace("[coflow] ERROR ", "").replace("[coflow] WARNING ", "");
        return location == null ? "coflow: " + rendered : location + (d.line() > 0 ? ":[" + d.line() + "] " : " ") + "coflow: " + rendered;
    }

    private String sourceOf(Diagnostic d) {
        if (d.file() == null) {
            return null;
        }
        int slash = d.owner().lastIndexOf('/');
        String relative = (slash < 0 ? "" : d.owner().substring(0, slash + 1)) + d.file();
        for (String root : sourceRoots()) {
            Path candidate = Path.of(root).resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate.toString();
            }
        }
        return relative;
    }
}
