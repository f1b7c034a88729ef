package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.report.Reporter;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.agent.CoroutineTransformer;
import dev.coflow.rewriter.SuspendableClasses;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code suspendable=} option: a yield passes through a library's un-annotated visitor,
 * and what cannot be rewritten there is reported once per method and left as it was.
 */
class SuspendablePackagesTest {
    private static final String ROOT = "dev.coflow.suspendablefixture.";
    private static final String LIB = "dev/coflow/suspendablefixture/lib/";

    private static CaseClassLoader loader(String suspendable) {
        SuspendableClasses classes = SuspendableClasses.parse(suspendable);
        return new CaseClassLoader(ROOT, classes, ClassRewriter.Options.DEFAULT);
    }

    private static List<Object> drive(CaseClassLoader loader, String method, Object... args) throws Exception {
        Class<?> app = loader.loadClass(ROOT + "app.InOrder");
        Method m = null;
        for (Method candidate : app.getDeclaredMethods()) {
            if (candidate.getName().equals(method) && !candidate.isSynthetic()) { // not the rewritten body
                m = candidate;
            }
        }
        assertNotNull(m, method);
        Method body = m;
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(body, args);
        List<Object> out = new ArrayList<>();
        try {
            while (true) {
                out.add(handle.next());
            }
        } catch (StopIteration stop) {
            out.add("result " + stop.value());
            return out;
        }
    }

    @Test
    void yield_passesThroughTheLibrarysVisitor_whenTheLibraryIsSuspendable() throws Exception {
        CaseClassLoader loader = loader("dev.coflow.suspendablefixture.lib.**");

        List<Object> out = drive(loader, "walk", List.of("m", "c", "x", "a", "e"));

        assertEquals(List.of("A", "C", "E", "M", "X", "visited 5", "result 5"), out);
        assertTrue(loader.diagnostics().isEmpty(), loader.diagnostics().toString());
        assertTrue(loader.rewrittenClasses().contains(ROOT + "lib.Tree"), loader.rewrittenClasses().toString());
    }

    @Test
    void yield_throughTheVisitor_failsAsAForeignFrame_whenTheLibraryIsNotSuspendable() throws Exception {
        CaseClassLoader loader = loader("dev.coflow.suspendablefixture.app.*");

        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> drive(loader, "walk", List.of("b", "a")));

        assertTrue(!loader.rewrittenClasses().contains(ROOT + "lib.Tree"), loader.rewrittenClasses().toString());
        assertNotNull(e.getMessage());
    }

    @Test
    void suspendableClass_patternCoversTheClassAndItsNestedClassesOnly() throws Exception {
        CaseClassLoader loader = loader("dev.coflow.suspendablefixture.lib.Tree;dev.coflow.suspendablefixture.lib.Visitor");

        assertEquals(List.of("A", "B", "visited 2", "result 2"), drive(loader, "walk", List.of("b", "a")));
        assertTrue(!loader.rewrittenClasses().contains(ROOT + "lib.Locked"));
    }

    @Test
    void plainMethodOfAClassWithRefusedMethods_isRewrittenAndYieldsThrough() throws Exception {
        CaseClassLoader loader = loader("dev.coflow.suspendablefixture.lib.*");

        assertEquals(List.of("p", "result null"), drive(loader, "plain"));
    }

    @Test
    void constructorAndSynchronizedMethodAndBlock_areRefusedOncePerMethod_andTheClassStillLoads() throws Exception {
        CaseClassLoader loader = loader("dev.coflow.suspendablefixture.lib.**");

        Class<?> locked = loader.loadClass(ROOT + "lib.Locked");

        assertNotNull(locked.getConstructors());
        assertTrue(loader.diagnostics().isEmpty(), "implicit refusals are not errors: " + loader.diagnostics());
        Map<String, Problem> refused = new TreeMap<>();
        for (Diagnostic d : loader.implicitRefusals()) {
            assertEquals(LIB + "Locked", d.owner());
            assertTrue(d.line() > 0, d.where());
            assertEquals(null, refused.put(d.method() + d.descriptor(), d.problem()), "reported twice: " + d.where());
        }
        assertEquals(Map.of(
                "<init>(Ldev/coflow/suspendablefixture/lib/Visitor;)V", Problem.CONSTRUCTOR,
                "each(Ljava/util/List;)V", Problem.SYNCHRONIZED_METHOD,
                "guarded(Ljava/lang/String;)V", Problem.YIELD_IN_SYNCHRONIZED_BLOCK), refused);
    }

    @Test
    void synchronizedOverridesOfMethodsThatCanSuspend_areImplicitRefusalsToo() throws Exception {
        CaseClassLoader loader = loader("dev.coflow.suspendablefixture.lib.**");

        loader.loadClass(ROOT + "lib.LockedSub");

        assertTrue(loader.diagnostics().isEmpty(), "implicit refusals are not errors: " + loader.diagnostics());
        List<String> refused = new ArrayList<>();
        for (Diagnostic d : loader.implicitRefusals()) {
            if (d.owner().endsWith("LockedSub")) {
                refused.add(d.method() + " " + d.problem());
            }
        }
        refused.sort(null);
        assertEquals(List.of("each SYNCHRONIZED_METHOD", "plain SYNCHRONIZED_METHOD"), refused); // its constructor only calls super(...)
    }

    @Test
    void yieldThroughARefusedSynchronizedMethod_isCaughtAtRunTimeAsAForeignFrame() throws Exception {
        CaseClassLoader loader = loader("dev.coflow.suspendablefixture.lib.**");

        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> drive(loader, "throughSynchronized"));

        assertTrue(e.getMessage().contains("did not rewrite") || e.getMessage().contains("not rewritten"), e.getMessage());
    }

    @Test
    void transformer_rewritesSuspendableClassesThatNeverMentionCoflow_andReportsRefusalsOnceWithTrace() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Reporter reporter = new Reporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        CoroutineTransformer transformer = new CoroutineTransformer(
                AgentOptions.parse("suspendable=dev.coflow.suspendablefixture.lib.**,verify=true"), reporter);
        ClassLoader loader = getClass().getClassLoader();

        byte[] tree = transformer.transform(loader, LIB + "Tree", null, null, read(LIB + "Tree"));
        byte[] locked = transformer.transform(loader, LIB + "Locked", null, null, read(LIB + "Locked"));
        byte[] visitor = transformer.transform(loader, LIB + "Visitor", null, null, read(LIB + "Visitor"));

        assertNotNull(tree, "Tree never mentions coflow but is suspendable");
        assertNotNull(locked, "Locked's plain method is rewritten");
        assertEquals(null, visitor, "an interface with only an abstract method has nothing to rewrite");
        // Tree: of, insert and walk; Locked: plain
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (String method : List.of("#<init> ", "#each ", "#guarded ")) {
            assertEquals(1, out.lines().filter(l -> l.startsWith("[coflow] suspendable: left ") && l.contains("Locked" + method)).count(), out);
        }
        assertTrue(!out.contains("ERROR"), out);
        // five: Tree.each's method reference visitor::visit becomes a rewritten adapter (coflow$ref$0, see MethodRefPass)
        assertEquals("[coflow] suspendable: 3 classes, 5 methods rewritten, 3 left as they were"
                + " (CONSTRUCTOR 1, SYNCHRONIZED_METHOD 1, YIELD_IN_SYNCHRONIZED_BLOCK 1)", reporter.summary());
    }

    @Test
    void transformer_withoutTrace_printsNothingPerRefusal() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Reporter reporter = new Reporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse("suspendable=dev.coflow.suspendablefixture.lib.*"), reporter);

        transformer.transform(getClass().getClassLoader(), LIB + "Locked", null, null, read(LIB + "Locked"));

        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        assertTrue(reporter.summary().endsWith("3 left as they were (CONSTRUCTOR 1, SYNCHRONIZED_METHOD 1,"
                + " YIELD_IN_SYNCHRONIZED_BLOCK 1); trace=true lists them"), reporter.summary());
    }

    private static byte[] read(String internalName) throws Exception {
        try (InputStream in = SuspendablePackagesTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
