package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.agent.harness.BuildTime;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.DirectoryRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The harness itself, in both ways of rewriting: Surefire's default execution rewrites at class load
 * (as the agent), its {@code build-time} execution rewrites a copy of the package on disk first (as the
 * Maven plugin) — this test shows which one ran, so the build-time run cannot silently be a load-time run.
 */
class BuildTimeHarnessTest {
    private static final String FIXTURE = "dev.coflow.agent.cases.DeepChainYieldingAtBottom";

    @Test
    void harness_rewritesTheWayThisRunAsksFor() throws Exception {
        CaseClassLoader loader = new CaseClassLoader("dev.coflow.agent.cases.");
        Class<?> c = loader.loadClass(FIXTURE);
        assertEquals(loader, c.getClassLoader());
        assertTrue(loader.rewrittenClasses().contains(FIXTURE), loader.rewrittenClasses().toString());
        DirectoryRewriter.Report report = loader.buildTimeReport();
        if (BuildTime.enabled()) {
            assertNotNull(report, "build-time mode, but the package was not rewritten on disk");
            assertTrue(report.rewritten().contains(FIXTURE.replace('.', '/')), report.rewritten().toString());
            Path onDisk = BuildTime.classesRoot(getClass().getClassLoader(), FIXTURE.replace('.', '/'));
            byte[] javacOutput = Files.readAllBytes(onDisk.resolve(FIXTURE.replace('.', '/') + ".class"));
            assertNull(ClassRewriter.rewrittenBy(javacOutput), "the build-time rewrite must work on a copy, not on javac's output");
        } else {
            assertNull(report);
        }
    }

    @Test
    void javacOutput_isNeverMarked() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FIXTURE.replace('.', '/') + ".class")) {
            assertFalse(ClassRewriter.rewrittenBy(in.readAllBytes()) != null);
        }
    }
}
