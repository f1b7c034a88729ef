package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.cases.YieldInLoop;
import dev.coflow.agent.harness.BadClassFiles;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.report.Reporter;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.agent.CoroutineTransformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Bad input to the agent: truncated and malformed class files, class files newer than the bundled
 * ASM reads, and coroutine methods at the 64 KB code limit. Each is reported with its class, what is
 * wrong and how to fix it, the class is left as it was, and the agent goes on rewriting later classes.
 */
class BadInputTest {
    private static final String BIG = "com/acme/gen/BigCoroutine";

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CoroutineTransformer transformer = new CoroutineTransformer(AgentOptions.parse(""),
            new Reporter(new PrintStream(err, true, StandardCharsets.UTF_8), false));

    /** A hierarchy that reads classes from this test's class path (other tests of ASM-built classes share it). */
    static ClassHierarchy hierarchy() {
        ClassLoader loader = BadInputTest.class.getClassLoader();
        return new ClassHierarchy(name -> {
            try (InputStream in = loader.getResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        });
    }

    private String reported() {
        String text = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return text;
    }

    /** After a failure the same transformer still rewrites a good class. */
    private void assertStillRewrites() throws IOException {
        byte[] good = BadClassFiles.bytesOf(YieldInLoop.class);
        assertNotNull(transformer.transform(getClass().getClassLoader(), "com/acme/YieldInLoop", null, null, good),
                "a good class after the failure was not rewritten");
        assertEquals("", reported());
    }

    @Test
    void newerVersionThanAsmReads_isReportedWithClassReasonAndFix_andLeftAsItWas() throws Exception {
        byte[] bytes = BadClassFiles.withMajorVersion(BadClassFiles.bytesOf(YieldInLoop.class), 99);

        ClassRewriter.Result result = ClassRewriter.rewrite(bytes, hierarchy(), ClassRewriter.Options.DEFAULT);

        assertNull(result.bytes());
        assertEquals(1, result.diagnostics().size());
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(Problem.CLASS_VERSION_TOO_NEW, d.problem());
        String text = d.render();
        assertTrue(text.startsWith("[coflow] ERROR cannot rewrite dev.coflow.agent.cases.YieldInLoop:"), text);
        assertTrue(text.contains("class file major version 99 (Java 55); the bundled ASM reads up to "), text);
        assertTrue(text.contains("Fix: compile the class for an older release"), text);

        assertNull(transformer.transform(getClass().getClassLoader(), "com/acme/YieldInLoop", null, null, bytes));
        String printed = reported();
        assertTrue(printed.startsWith("[coflow] ERROR cannot rewrite dev.coflow.agent.cases.YieldInLoop:\n  the class file is newer"), printed);
        assertStillRewrites();
    }

    @Test
    void everyTruncation_isReportedAsMalformed_neverThrows_andTheAgentGoesOn() throws Exception {
        byte[] whole = BadClassFiles.bytesOf(YieldInLoop.class);
        int reportedMalformed = 0;
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = BadClassFiles.truncated(whole, length);
            byte[] out = transformer.transform(getClass().getClassLoader(), "com/acme/Cut", null, null, cut);
            assertNull(out, "a truncation to " + length + " bytes came back rewritten");
            String printed = reported();
            if (!mentionsCoflow(cut)) {
                assertEquals("", printed, "skipped by the cheap filter, so nothing to report");
                continue;
            }
            reportedMalformed++;
            assertTrue(printed.startsWith("[coflow] ERROR cannot rewrite "), length + ": " + printed);
            assertTrue(printed.contains("the class file could not be parsed (truncated or malformed)"), length + ": " + printed);
            assertTrue(printed.contains(length + " bytes; reading them failed with "), length + ": " + printed);
            assertTrue(printed.contains("\n  Fix: check the tool that produced or copied the class file"), length + ": " + printed);
            assertFalse(printed.contains("internal error"), length + ": " + printed);
        }
        assertTrue(reportedMalformed > whole.length / 2, "too few truncations reached the rewriter: " + reportedMalformed);
        assertStillRewrites();
    }

    /**
     * The fixes of the errors that leave a whole class as it was ask for a report with {@code dump=DIR}: the dump then
     * holds the class as it came, with its listing when ASM can read it, and no rewritten class.
     */
    @Test
    void dumpOption_keepsTheClassAnErrorLeftAsItWas() throws Exception {
        Path dir = Files.createTempDirectory("coflow-dump");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CoroutineTransformer dumping = new CoroutineTransformer(AgentOptions.parse("dump=" + dir),
                new Reporter(new PrintStream(printed, true, StandardCharsets.UTF_8), false));

        byte[] corrupt = BadClassFiles.bytesOf(YieldInLoop.class);
        corrupt[10] = (byte) 0xEE; // the first constant pool entry's tag: no such tag
        assertNull(dumping.transform(getClass().getClassLoader(), "com/acme/Corrupt", null, null, corrupt));
        assertArrayEquals(corrupt, Files.readAllBytes(dir.resolve("com/acme/Corrupt.before.class")));
        assertFalse(Files.exists(dir.resolve("com/acme/Corrupt.before.txt")), "a malformed class file has no listing");
        assertFalse(Files.exists(dir.resolve("com/acme/Corrupt.after.class")));

        // readable, and refused whole: its one coroutine method is native
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/OnlyNative", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_NATIVE, "step", "()V", null, null);
        m.visitAnnotation("Ldev/coflow/Coroutine;", false).visitEnd();
        m.visitEnd();
        writer.visitEnd();
        byte[] onlyNative = writer.toByteArray();
        assertNull(dumping.transform(getClass().getClassLoader(), "com/acme/OnlyNative", null, null, onlyNative));
        assertArrayEquals(onlyNative, Files.readAllBytes(dir.resolve("com/acme/OnlyNative.before.class")));
        assertTrue(Files.readString(dir.resolve("com/acme/OnlyNative.before.txt")).contains("native step()V"));
        assertFalse(Files.exists(dir.resolve("com/acme/OnlyNative.after.class")));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[coflow] ERROR cannot rewrite com.acme.Corrupt:"), text);
        assertTrue(text.contains("[coflow] ERROR cannot rewrite com.acme.OnlyNative#step"), text);
        assertFalse(text.contains("could not dump"), text);
    }

    @Test
    void corruptedConstantPool_isReportedAsMalformedNamingTheClassTheJvmGave() throws Exception {
        byte[] bytes = BadClassFiles.bytesOf(YieldInLoop.class);
        bytes[10] = (byte) 0xEE; // the first constant pool entry's tag: no such tag

        assertNull(transformer.transform(getClass().getClassLoader(), "com/acme/Corrupt", null, null, bytes));

        String printed = reported();
        assertTrue(printed.startsWith("[coflow] ERROR cannot rewrite com.acme.Corrupt:\n  the class file could not be parsed"), printed);
        assertStillRewrites();
    }

    @Test
    void methodWhoseRewrittenBodyExceeds64K_isReportedAndLeftAsItWas() throws Exception {
        ClassRewriter.Result over = rewriteBig(2048); // about 35 KB as written, over 64 KB once rewritten
        assertTrue(BadClassFiles.codeLengths(BadClassFiles.largeCoroutineClass(BIG, 2048)).get("big()J") < 65535);
        assertEquals(1, over.diagnostics().size(), over.diagnostics().toString());
        Diagnostic d = over.diagnostics().get(0);
        assertEquals(Problem.METHOD_TOO_LARGE, d.problem(), d.render());
        String text = d.render();
        assertTrue(text.startsWith("[coflow] ERROR cannot rewrite com.acme.gen.BigCoroutine#big ()J (BigCoroutine.java:10):"), text);
        assertTrue(text.contains("exceeds the JVM's 64 KB code limit"), text);
        assertTrue(text.matches("(?s).*rewritten code size \\d{5,6} bytes; the limit is 65535\\..*"), text);
        assertTrue(text.contains("Fix: split the method into smaller @Coroutine methods"), text);
        assertLeftAsItWasWithSiblingRewritten(over, 2048);

        // through the transformer: reported, the rest of the class rewritten, and the agent goes on
        byte[] out = transformer.transform(getClass().getClassLoader(), BIG, null, null, BadClassFiles.largeCoroutineClass(BIG, 2048));
        assertNotNull(out);
        String printed = reported();
        assertTrue(printed.startsWith("[coflow] ERROR cannot rewrite com.acme.gen.BigCoroutine#big ()J (BigCoroutine.java:10):"), printed);
        assertStillRewrites();
    }

    /**
     * The largest method that is rewritten runs correctly, and one yield more is refused with a clear
     * problem. Where that boundary lies is measured, not assumed: the JVM's 64 KB limit (65,464 bytes of rewritten code
     * for this generated shape, 586 yields, when last measured; the test prints both). Until 2026-12-07 it was 49,097
     * bytes and 518 yields, beyond which ASM 9.11.1 failed to lay out the far jumps ({@link Problem#JUMPS_TOO_FAR}), a bug
     * of ASM's that {@code BackwardJumps} now steers clear of (docs/design.md, Faults): the body must be over 60 KB.
     */
    @Test
    void largestRewritableMethodRuns_andOneYieldMoreIsRefusedClearly() throws Exception {
        int fits = 1;
        int tooMany = 2048;
        while (tooMany - fits > 1) {
            int middle = (fits + tooMany) >>> 1;
            if (rewriteBig(middle).diagnostics().isEmpty()) {
                fits = middle;
            } else {
                tooMany = middle;
            }
        }
        ClassRewriter.Result under = rewriteBig(fits);
        assertTrue(under.diagnostics().isEmpty(), under.diagnostics().toString());
        assertEquals(List.of("big()J", "small()Ljava/lang/String;"), under.rewritten());
        int body = BadClassFiles.codeLengths(under.bytes()).get("big()J".replace(")", "Ldev/coflow/runtime/Context;Ldev/coflow/runtime/Frame;Ljava/lang/Object;)"));
        System.out.println("BadInputTest: the largest rewritable generated method has " + fits + " yields; its rewritten body is "
                + body + " bytes");
        assertTrue(body > 60_000 && body <= 65535, "rewritten body of " + fits + " yields is " + body + " bytes");
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(under.bytes()), getClass().getClassLoader(), false, new PrintWriter(problems));
        assertEquals("", problems.toString());
        Class<?> loaded = new BytesLoader().define(BIG.replace('/', '.'), under.bytes());
        Method big = loaded.getMethod("big");
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(big);
        List<Object> yielded = new ArrayList<>();
        try {
            yielded.add(handle.next());
            for (int k = 0; ; k++) {
                yielded.add(handle.send(3 * k - 7));
            }
        } catch (StopIteration stop) {
            assertEquals((Object) BadClassFiles.expectedBigResult(fits, k -> 3 * k - 7), stop.value());
        }
        assertEquals(fits, yielded.size());
        for (int k = 0; k < fits; k++) {
            assertEquals(k, yielded.get(k));
        }

        ClassRewriter.Result refused = rewriteBig(fits + 1);
        assertEquals(1, refused.diagnostics().size(), refused.diagnostics().toString());
        Diagnostic d = refused.diagnostics().get(0);
        assertEquals(Problem.METHOD_TOO_LARGE, d.problem(), d.render());
        assertTrue(d.render().startsWith("[coflow] ERROR cannot rewrite com.acme.gen.BigCoroutine#big ()J (BigCoroutine.java:10):"), d.render());
        assertTrue(d.render().contains("\n  Fix: split the method into smaller @Coroutine methods"), d.render());
        assertLeftAsItWasWithSiblingRewritten(refused, fits + 1);
    }

    /** {@code big()} kept exactly as generated (it cannot suspend, and says so), {@code small()} rewritten and working. */
    private static void assertLeftAsItWasWithSiblingRewritten(ClassRewriter.Result result, int yields) throws Exception {
        assertEquals(List.of("small()Ljava/lang/String;"), result.rewritten());
        assertEquals(BadClassFiles.codeLengths(BadClassFiles.largeCoroutineClass(BIG, yields)).get("big()J"),
                BadClassFiles.codeLengths(result.bytes()).get("big()J"), "big() must be left exactly as it was");
        Class<?> partly = new BytesLoader().define(BIG.replace('/', '.'), result.bytes());
        Method small = partly.getMethod("small");
        CoroutineHandle<Object, Object> smallHandle = dev.coflow.agent.harness.Roots.coroutine(small);
        assertEquals("small", smallHandle.next());
        assertEquals("done", assertThrows(StopIteration.class, smallHandle::next).value());
        Method bigLeft = partly.getMethod("big");
        CoroutineHandle<Object, Object> bigHandle = dev.coflow.agent.harness.Roots.coroutine(bigLeft);
        assertThrows(NotRewrittenException.class, bigHandle::next, "the method left as it was cannot suspend, and says so");
        assertTrue(bigHandle.isDone());
    }

    private static boolean mentionsCoflow(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains("dev/coflow/");
    }

    private static ClassRewriter.Result rewriteBig(int yields) {
        return ClassRewriter.rewrite(BadClassFiles.largeCoroutineClass(BIG, yields), hierarchy(), ClassRewriter.Options.DEFAULT);
    }

    private static Object call(Method m) {
        try {
            return m.invoke(null);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static final class BytesLoader extends ClassLoader {
        BytesLoader() {
            super(BadInputTest.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
