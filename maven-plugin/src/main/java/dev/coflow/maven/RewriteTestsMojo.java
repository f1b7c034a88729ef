package dev.coflow.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code coflow:rewrite-tests}: rewrites the {@code @Coroutine} methods of the test classes in place,
 * after javac ({@code process-test-classes}), so that Surefire runs them with no {@code -javaagent}.
 */
@Mojo(name = "rewrite-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public final class RewriteTestsMojo extends AbstractRewriteMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    File classesDirectory() {
        return new File(project.getBuild().getTestOutputDirectory());
    }

    @Override
    List<String> classPathElements() throws MojoExecutionException {
        try {
            return project.getTestClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("coflow: the test class path is not resolved", e);
        }
    }

    @Override
    List<String> sourceRoots() {
        return project.getTestCompileSourceRoots();
    }

    @Override
    String what() {
        return "test classes";
    }
}
