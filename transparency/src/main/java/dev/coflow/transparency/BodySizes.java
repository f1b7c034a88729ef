package dev.coflow.transparency;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.runtime.BytecodeContract;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * How much bytecode the rewrite adds to the fresh bodies of a library made suspendable (every class rewritten offline,
 * as {@code suspendable=**} would), which is what C2's inlining limits count when nothing suspends (design.md,
 * "Suspendable libraries", item 4): the fresh bodies' bytes against the methods' own, the bytes added per suspension
 * point (a call that may suspend: each is followed by one {@code Suspension.called}), and how many methods under
 * C2's {@code FreqInlineSize} (325 bytes) were pushed over it.
 *
 * <pre>
 * java -cp "transparency/target/classes:rewriter/target/classes:core/target/classes:$(cat transparency/target/steady-classpath.txt)" \
 *     dev.coflow.transparency.BodySizes JAR...
 * </pre>
 */
public final class BodySizes {
    private BodySizes() {
    }

    public static void main(String[] jars) throws Exception {
        ClassHierarchy hierarchy = ClassHierarchy.of(BodySizes.class.getClassLoader(), name -> true);
        long bodies = 0;
        long points = 0;
        long original = 0;
        long fresh = 0;
        int crossed = 0;
        for (String jar : jars) {
            for (byte[] bytes : OfflineCheck.classFiles(jar).values()) {
                ClassRewriter.Result r;
                try {
                    r = ClassRewriter.rewrite(bytes, hierarchy, new ClassRewriter.Options(false));
                } catch (RuntimeException ex) {
                    continue; // OfflineCheck reports these
                }
                if (r.bytes() == null) {
                    continue;
                }
                Map<String, Integer> was = new HashMap<>();
                for (MethodNode m : OfflineCheck.methods(bytes)) {
                    was.put(m.name + m.desc, OfflineCheck.size(m));
                }
                for (MethodNode m : OfflineCheck.methods(r.bytes())) {
                    Integer before = was.get(m.name + BytecodeContract.originalDescriptor(m.desc));
                    if (before == null || !m.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")")
                            || m.name.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)) {
                        continue; // only fresh bodies: not the bridges, resume bodies, entries, spill methods
                    }
                    int now = OfflineCheck.size(m);
                    bodies++;
                    original += before;
                    fresh += now;
                    for (AbstractInsnNode i : m.instructions) {
                        if (i instanceof MethodInsnNode call && call.owner.equals(BytecodeContract.SUSPENSION)
                                && call.name.equals(BytecodeContract.CALLED)) {
                            points++;
                        }
                    }
                    if (before <= 325 && now > 325) {
                        crossed++;
                    }
                }
            }
        }
        System.out.printf("fresh bodies %d, suspension points %d; bytes: the methods %,d, their fresh bodies %,d (+%,d, %.1f per point);"
                + " methods pushed over 325 bytes: %d%n", bodies, points, original, fresh, fresh - original,
                points == 0 ? 0.0 : (fresh - original) / (double) points, crossed);
    }
}
