package dev.coflow.transparency;

import dev.coflow.runtime.BytecodeContract;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.CodeSizeEvaluator;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Every class of a library's jars rewritten offline as if the whole library were suspendable
 * ({@code suspendable=**}), with the rewriter's own check on ({@code verify=true}: ASM's
 * {@code CheckClassAdapter} and a data-flow {@code Analyzer} over every method; nothing is loaded).
 */
final class OfflineCheck {
    private OfflineCheck() {
    }

    /** What one library's rewrite gave. */
    record Stats(int classes, int classesRewritten, int methodsRewritten, Map<Problem, Integer> refused, int verifyErrors,
                 List<String> verifyFailures, long bytesBefore, long bytesAfter, int newlyHuge, int newlyOverInlineLimit,
                 int internalErrors) {
    }

    static Stats check(List<String> jars) throws Exception {
        ClassHierarchy hierarchy = ClassHierarchy.of(OfflineCheck.class.getClassLoader(), name -> true);
        int classes = 0;
        int rewrittenClasses = 0;
        int methods = 0;
        int verify = 0;
        int internal = 0;
        int huge = 0;
        int overInline = 0;
        long before = 0;
        long after = 0;
        Map<Problem, Integer> refused = new TreeMap<>();
        List<String> failures = new java.util.ArrayList<>();
        for (String jar : jars) {
            for (Map.Entry<String, byte[]> c : classFiles(jar).entrySet()) {
                String n = c.getKey();
                byte[] bytes = c.getValue();
                classes++;
                before += bytes.length;
                ClassRewriter.Result r;
                try {
                    r = ClassRewriter.rewrite(bytes, hierarchy, new ClassRewriter.Options(true));
                } catch (RuntimeException ex) {
                    internal++;
                    failures.add(n + ": internal error " + ex);
                    after += bytes.length;
                    continue;
                }
                for (Diagnostic d : r.diagnostics()) {
                    if (d.problem() == Problem.VERIFY_FAILED) {
                        verify++;
                        failures.add(d.where() + ": " + Driver.firstLine(d.detail()));
                    } else {
                        refused.merge(d.problem(), 1, Integer::sum);
                    }
                }
                for (Diagnostic d : r.implicit()) {
                    refused.merge(d.problem(), 1, Integer::sum);
                }
                if (r.bytes() == null) {
                    after += bytes.length;
                    continue;
                }
                rewrittenClasses++;
                methods += r.rewritten().size();
                after += r.bytes().length;
                int[] crossed = crossed(bytes, r.bytes());
                huge += crossed[0];
                overInline += crossed[1];
            }
        }
        return new Stats(classes, rewrittenClasses, methods, refused, verify, failures, before, after, huge, overInline, internal);
    }

    /**
     * The class files of {@code jar}, name and bytes in the jar's order: every {@code .class} entry but {@code module-info}
     * and those under {@code META-INF/} (a multi-release jar's copies for later JDKs).
     */
    static Map<String, byte[]> classFiles(String jar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar)) {
            for (JarEntry e : Collections.list(file.entries())) {
                String n = e.getName();
                if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(e)) {
                    out.put(n, in.readAllBytes());
                }
            }
        }
        return out;
    }

    /**
     * Methods whose rewrite crossed a JIT limit they were under: {@code [0]} HotSpot's 8000 bytes, over which it does
     * not compile a method ({@code -XX:+DontCompileHugeMethods}), by either body; {@code [1]} C2's
     * {@code FreqInlineSize}, 325 bytes, over which it does not inline a hot callee, by the fresh body (what a call
     * runs when nothing suspends).
     */
    private static int[] crossed(byte[] original, byte[] rewritten) {
        Map<String, Integer> sizes = new HashMap<>();
        for (MethodNode m : methods(original)) {
            sizes.put(m.name + m.desc, size(m));
        }
        Set<String> huge = new HashSet<>();
        int overInline = 0;
        for (MethodNode m : methods(rewritten)) {
            boolean fresh = m.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")");
            boolean resume = m.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")");
            if ((m.access & Opcodes.ACC_SYNTHETIC) == 0 || !fresh && !resume) {
                continue;
            }
            String key = m.name + BytecodeContract.originalDescriptor(m.desc);
            Integer was = sizes.get(key);
            if (was == null) {
                continue;
            }
            int now = size(m);
            if (was <= 8000 && now > 8000) {
                huge.add(key);
            }
            if (fresh && was <= 325 && now > 325) {
                overInline++;
            }
        }
        return new int[] {huge.size(), overInline};
    }

    static List<MethodNode> methods(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node.methods;
    }

    static int size(MethodNode m) {
        CodeSizeEvaluator e = new CodeSizeEvaluator(null);
        m.accept(e);
        return e.getMaxSize();
    }
}
