package dev.coflow.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.agent.report.Diagnostic;
import dev.coflow.agent.report.Problem;
import dev.coflow.agent.transform.ClassHierarchy;
import dev.coflow.agent.transform.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Which {@code new}/{@code <init>} pairs open across a suspension point {@link NewHoistingPass} moves and which it refuses. */
class NewHoistingPassTest {

    record Box(Object value) {
    }

    /** Both copies of {@code new Box} stay on the stack across the yield: the pair is moved. */
    static final class NewWithYieldArgument {
        @Coroutine
        static Object body() {
            return new Box(Coroutines.yield("argument"));
        }
    }

    /**
     * Catalogue 19 as javac 17 emits it: the switch expression contains {@code try}, so javac stores
     * the operand stack, both uninitialised copies of {@code new Box} included, into locals before the
     * switch and reloads them in each arm ({@code new; dup; astore 2; astore 3; ... aload 3; aload 2}).
     */
    static final class NewAcrossSwitchExpressionWithTry {
        @Coroutine
        static Object body(int k) {
            return new Box(switch (k) {
                case 1 -> "one";
                default -> {
                    try {
                        yield Coroutines.yield("in switch");
                    } catch (IllegalStateException e) {
                        yield "caught";
                    }
                }
            });
        }
    }

    @Test
    void apply_movesPairWhoseCopiesStayOnTheStack() throws IOException {
        ClassRewriter.Result result = rewrite(NewWithYieldArgument.class);
        assertEquals(java.util.List.of(), result.diagnostics());
        assertNotNull(result.bytes());
    }

    @Test
    void apply_refusesPairWhoseCopiesJavacStoredInLocals() throws IOException {
        ClassRewriter.Result result = rewrite(NewAcrossSwitchExpressionWithTry.class);
        assertNull(result.bytes(), "the class must stay as it was");
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic refusal = result.diagnostics().get(0);
        assertEquals(Problem.UNINITIALIZED_ACROSS_SUSPENSION, refusal.problem(), refusal::render);
        assertEquals("body", refusal.method());
        assertTrue(refusal.line() > 0, refusal::render);
    }

    private static ClassRewriter.Result rewrite(Class<?> fixture) throws IOException {
        ClassLoader loader = NewHoistingPassTest.class.getClassLoader();
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(fixture.getName().replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        return ClassRewriter.rewrite(bytes, ClassHierarchy.of(loader), ClassRewriter.Options.DEFAULT);
    }
}
