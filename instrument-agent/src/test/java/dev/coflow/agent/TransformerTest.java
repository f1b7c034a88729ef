package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.rewriter.report.Reporter;
import dev.coflow.rewriter.ClassFilter;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.agent.CoroutineTransformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's shell around the rewriter: filtering, idempotence, and never throwing. */
class TransformerTest {

    private static byte[] bytesOf(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static ClassHierarchy hierarchy() {
        ClassLoader loader = TransformerTest.class.getClassLoader();
        return new ClassHierarchy(name -> {
            try (InputStream in = loader.getResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        });
    }

    @Test
    void rewrite_secondPassIsANoOp() throws Exception {
        byte[] original = bytesOf(dev.coflow.agent.cases.YieldInLoop.class);
        ClassRewriter.Result first = ClassRewriter.rewrite(original, hierarchy(), ClassRewriter.Options.DEFAULT);
        assertNotNull(first.bytes());
        assertEquals(List.of("body()V"), first.rewritten());
        ClassRewriter.Result second = ClassRewriter.rewrite(first.bytes(), hierarchy(), ClassRewriter.Options.DEFAULT);
        assertNull(second.bytes());
        assertTrue(second.diagnostics().isEmpty());
    }

    @Test
    void rewrite_verifyOptionAcceptsGoodOutput() throws Exception {
        byte[] original = bytesOf(dev.coflow.agent.cases.YieldInLoop.class);
        ClassRewriter.Result result = ClassRewriter.rewrite(original, hierarchy(), new ClassRewriter.Options(true));
        assertNotNull(result.bytes());
        assertTrue(result.diagnostics().isEmpty(), result.diagnostics().toString());
    }

    @Test
    void rewrite_classWithoutCoroutinesIsLeftAlone() throws Exception {
        ClassRewriter.Result result = ClassRewriter.rewrite(bytesOf(TransformerTest.class), hierarchy(), ClassRewriter.Options.DEFAULT);
        assertNull(result.bytes());
        assertTrue(result.diagnostics().isEmpty());
    }

    @Test
    void transform_neverThrowsOnMalformedInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse(""),
                new Reporter(new PrintStream(err, true, StandardCharsets.UTF_8), false));
        byte[] garbage = "CAFEBABE but not a class; mentions dev/coflow/Coroutines".getBytes(StandardCharsets.ISO_8859_1);
        assertNull(transformer.transform(getClass().getClassLoader(), "com/acme/Broken", null, null, garbage));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("[coflow] ERROR cannot rewrite com.acme.Broken:\n  the class file could not be parsed"), text);
    }

    @Test
    void transform_skipsJdkOwnAndHiddenClasses() throws Exception {
        CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse(""), new Reporter(System.err, false));
        byte[] fixture = bytesOf(dev.coflow.agent.cases.YieldInLoop.class);
        ClassLoader loader = getClass().getClassLoader();
        assertNull(transformer.transform(loader, null, null, null, fixture), "hidden class");
        assertNull(transformer.transform(null, "com/acme/Boot", null, null, fixture), "bootstrap loader");
        assertNull(transformer.transform(loader, "dev/coflow/agent/cases/YieldInLoop", null, null, fixture), "agent's own package");
        assertNotNull(transformer.transform(loader, "com/acme/YieldInLoop", null, null, fixture), "a user class is rewritten");
    }

    @Test
    void transform_registersTheEntryWatcherBeforeTheFirstRewrittenClass_andOnlyThen() throws Exception {
        int[] watches = new int[1];
        CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse(""), new Reporter(System.err, false), null,
                () -> watches[0]++);
        ClassLoader loader = getClass().getClassLoader();
        assertNull(transformer.transform(loader, "com/acme/Plain", null, null, bytesOf(TransformerTest.class)));
        assertNull(transformer.transform(loader, "com/acme/Broken", null, null, "mentions dev/coflow/ only".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(0, watches[0], "no class was rewritten yet: the JVM need not call a second transformer for every class");
        byte[] fixture = bytesOf(dev.coflow.agent.cases.YieldInLoop.class);
        assertNotNull(transformer.transform(loader, "com/acme/YieldInLoop", null, null, fixture));
        assertEquals(1, watches[0], "registered before the first rewritten class is defined");
        assertNotNull(transformer.transform(loader, "com/acme/YieldInLoop2", null, null, fixture));
        assertEquals(1, watches[0], "once");
    }

    @Test
    void transform_registersTheEntryWatcherForAClassRewrittenAtBuildTime() throws Exception {
        int[] watches = new int[1];
        CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse(""), new Reporter(System.err, false), null,
                () -> watches[0]++);
        byte[] built = ClassRewriter.rewrite(bytesOf(dev.coflow.agent.cases.YieldInLoop.class), hierarchy(), ClassRewriter.Options.DEFAULT).bytes();
        assertNull(transformer.transform(getClass().getClassLoader(), "com/acme/YieldInLoop", null, null, built), "never rewritten twice");
        assertEquals(1, watches[0], "its entries are watched as those of a class rewritten at load");
    }

    /**
     * When retransformations cannot be watched (an agent jar without {@code Can-Retransform-Classes}), every class is
     * defined with its direct calls of its own methods undone ({@code RedefinedClass}), at load and at build time alike.
     */
    @Test
    void transform_blind_definesClassesWithTheirDirectCallsUndone() throws Exception {
        CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse(""), new Reporter(System.err, false));
        ClassLoader loader = getClass().getClassLoader();
        byte[] fixture = bytesOf(dev.coflow.agent.redefined.Service.class);
        byte[] seeing = transformer.transform(loader, "com/acme/Service", null, null, fixture);
        assertNotNull(seeing);
        assertNotNull(dev.coflow.rewriter.RedefinedClass.undoDirectCalls(seeing), "direct calls while the agent can watch");
        transformer.blind();
        byte[] blind = transformer.transform(loader, "com/acme/Service", null, null, fixture);
        assertNotNull(blind);
        assertNull(dev.coflow.rewriter.RedefinedClass.undoDirectCalls(blind), "no direct call left");
        assertNotNull(transformer.transform(loader, "com/acme/Service", null, null, seeing), "rewritten at build time");
        assertNull(dev.coflow.rewriter.RedefinedClass.undoDirectCalls(transformer.transform(loader, "com/acme/Service",
                null, null, seeing)), "no direct call left in a class rewritten at build time");
    }

    @Test
    void classFilter_namesWhatIsNeverRewritten() {
        for (String name : List.of("java/lang/String", "javax/swing/JFrame", "jdk/internal/misc/Unsafe", "sun/misc/Unsafe",
                "com/sun/proxy/$Proxy1", "dev/coflow/Coroutines", "dev/coflow/runtime/Context", "dev/coflow/agent/CoroutineAgent",
                "dev/coflow/agent/internal/asm/ClassReader")) {
            assertFalse(ClassFilter.mayRewrite(name, List.of()), name);
        }
        for (String name : List.of("com/acme/Feed", "dev/coflow/samples/grep/GrepSample", "dev/coflow/it/FirstSliceIT")) {
            assertTrue(ClassFilter.mayRewrite(name, List.of()), name);
        }
        assertFalse(ClassFilter.mayRewrite("com/acme/gen/X", List.of("com/acme/gen/")));
    }

    @Test
    void rewrite_refusesClassFilesOlderThanJava8() throws Exception {
        byte[] bytes = bytesOf(dev.coflow.agent.cases.YieldInLoop.class);
        bytes[6] = 0;
        bytes[7] = 51; // major version 51: Java 7
        ClassRewriter.Result result = ClassRewriter.rewrite(bytes, hierarchy(), ClassRewriter.Options.DEFAULT);
        assertNull(result.bytes());
        assertEquals(1, result.diagnostics().size());
        dev.coflow.rewriter.report.Diagnostic d = result.diagnostics().get(0);
        assertEquals(dev.coflow.rewriter.report.Problem.CLASS_VERSION_TOO_OLD, d.problem());
        assertTrue(d.render().startsWith("[coflow] ERROR cannot rewrite dev.coflow.agent.cases.YieldInLoop#body ()V (YieldInLoop.java):"), d.render());
        assertTrue(d.render().contains("class file version 51."), d.render());
        assertTrue(d.render().contains("Fix: recompile the class with --release 8 or newer."), d.render());
    }
}
