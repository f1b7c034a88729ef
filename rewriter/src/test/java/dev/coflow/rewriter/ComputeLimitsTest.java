package dev.coflow.rewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.LimitExceededException;

/**
 * ASM 9.11's compute limits ({@link AsmApi}): a method whose analysis reaches one is refused as
 * {@link Problem#ANALYSIS_TOO_COSTLY}, named, with the fix that splits it, and the class's other methods are rewritten.
 * A method that really reaches the raised limits takes minutes of analysis to build and run, so the limit is reached here
 * through the class hierarchy, which the analysis asks about the two classes a local may hold.
 */
class ComputeLimitsTest {

    static final class Merges {
        static final class A {
        }

        static final class B {
        }

        @Coroutine
        static Object merged(boolean c) {
            Object o = c ? new A() : new B(); // the analysis merges A and B: it asks the hierarchy about them
            Coroutines.yield(o);
            return o;
        }

        @Coroutine
        static int plain(int n) {
            return n + (int) Coroutines.yield(n);
        }
    }

    @Test
    void aMethodWhoseAnalysisReachesALimit_isRefusedAsTooCostly_andTheOthersAreRewritten() throws IOException {
        ClassLoader loader = ComputeLimitsTest.class.getClassLoader();
        ClassHierarchy real = ClassHierarchy.of(loader);
        String limited = Merges.A.class.getName().replace('.', '/');
        ClassHierarchy hierarchy = new ClassHierarchy(name -> {
            if (name.equals(limited)) {
                throw new LimitExceededException("Too many operations");
            }
            try (InputStream in = loader.getResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(Merges.class.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        assertEquals(List.of(), ClassRewriter.rewrite(bytes, real, ClassRewriter.Options.DEFAULT).diagnostics(), "with the real hierarchy");

        ClassRewriter.Result result = ClassRewriter.rewrite(bytes, hierarchy, ClassRewriter.Options.DEFAULT);

        assertEquals(1, result.diagnostics().size(), result.diagnostics().toString());
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(Problem.ANALYSIS_TOO_COSTLY, d.problem(), d.render());
        assertTrue(d.render().contains("merged") && d.render().contains("Too many operations")
                && d.render().contains("split the method into smaller @Coroutine methods"), d.render());
        assertEquals(List.of("plain(I)I"), result.rewritten());
    }

    @Test
    void analysisFailure_tellsALimitFromAFailure() {
        assertEquals(Problem.ANALYSIS_TOO_COSTLY, Problem.analysisFailure(new LimitExceededException("Too many allocated bytes")));
        assertEquals(Problem.ANALYSIS_FAILED, Problem.analysisFailure(new IllegalStateException("x")));
    }
}
