package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.Roots;
import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import dev.coflow.rewriter.RedefinedClass;
import dev.coflow.runtime.BytecodeContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * A rewritten class that another agent changes after it was loaded ({@link RedefinedClass}, what the agent's
 * {@code EntryWatcher} hands back): the other agent puts code into the methods it knows, the bridges, and a body's
 * direct call of a static, private or final method of its own class, or of its own entry on {@code this}, would skip
 * it. Here the test is that agent: it puts a record at the start of each coroutine method of {@code Service}.
 * {@code AgentProcessIT}'s Mockito program checks the same with the real agent and Mockito's stubs.
 */
class RedefinedClassTest {
    private static final String SERVICE = "dev/coflow/agent/redefined/Service";
    private static final Set<String> METHODS = Set.of("lookUp", "hidden", "fixed", "open", "all");

    private static byte[] read(String internalName) {
        try (InputStream in = RedefinedClassTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] rewritten() {
        ClassRewriter.Result result = ClassRewriter.rewrite(read(SERVICE), new ClassHierarchy(RedefinedClassTest::read),
                new ClassRewriter.Options(true));
        assertEquals(List.of(), result.diagnostics());
        assertNotNull(result.bytes());
        return result.bytes();
    }

    /** What another agent does: a call of {@code Service.reached(name)} first in each method the user wrote (not synthetic). */
    private static byte[] recorded(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(AsmApi.LEVEL, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & Opcodes.ACC_SYNTHETIC) != 0 || !METHODS.contains(name)) {
                    return next;
                }
                return new MethodVisitor(AsmApi.LEVEL, next) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitLdcInsn(name);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SERVICE, "reached", "(Ljava/lang/String;)V", false);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class Loader extends ClassLoader {
        private final byte[] service;

        Loader(byte[] service) {
            super(RedefinedClassTest.class.getClassLoader());
            this.service = service;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(SERVICE.replace('/', '.'))) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, service, 0, service.length);
            }
        }
    }

    /** Runs {@code Service.all("k")} as a coroutine: what it yielded, then what it returned, then the methods reached. */
    @SuppressWarnings("unchecked")
    private static List<String> run(byte[] service) throws Exception {
        Class<?> c = new Loader(service).loadClass(SERVICE.replace('/', '.'));
        List<String> reached = (List<String>) c.getField("REACHED").get(null);
        Object instance = c.getConstructor().newInstance();
        CoroutineHandle<Object, Object> h = Roots.coroutine(c.getMethod("all", String.class), instance, "k");
        List<String> out = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                out.add((String) h.next());
            }
            out.add("did not return");
        } catch (StopIteration stop) {
            out.add("returned " + stop.value());
        }
        out.add("reached " + reached);
        return out;
    }

    private static final List<String> YIELDED = List.of("static k", "private k", "final k", "open k", "static k", "private k",
            "final k", "open k", "static k", "returned skpkfkok|skpkfkok|sk");

    /**
     * The methods the other agent's record sees with the direct calls undone. The own entry's call on {@code this} is a
     * virtual call site then: with the entries on (this module's default run) it still runs the entry, skipping
     * {@code open}'s record (the agent turns the entries off before it hands a class back: AgentProcessIT); with them off
     * (the {@code entries-off} run) it calls {@code open} itself.
     */
    private static final String REACHED_UNDONE = "false".equals(System.getProperty("coflow.virtualEntries"))
            ? "[all, lookUp, hidden, fixed, open, lookUp, hidden, fixed, open, lookUp]"
            : "[all, lookUp, hidden, fixed, lookUp, hidden, fixed, lookUp]";

    private static List<String> expected(String reached) {
        List<String> all = new ArrayList<>(YIELDED);
        all.add("reached " + reached);
        return all;
    }

    @Test
    void asLoaded_theBodiesCallStaticPrivateAndFinalMethodsStraight_soAnotherAgentsCodeInThemIsSkipped() throws Exception {
        // the defect the watcher exists for: only the call from outside reaches the method the other agent changed
        assertEquals(expected("[all]"), run(recorded(rewritten())));
    }

    @Test
    void undone_everyCallOfAStaticPrivateOrFinalMethodReachesTheMethod_andTheValuesAreTheSame() throws Exception {
        byte[] undone = RedefinedClass.undoDirectCalls(rewritten());
        assertNotNull(undone, "the bodies make direct calls");
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(undone), RedefinedClassTest.class.getClassLoader(), false, new PrintWriter(problems));
        assertEquals("", problems.toString());
        // the own entry's call becomes a virtual call site (REACHED_UNDONE); the others reach the methods
        assertEquals(expected(REACHED_UNDONE), run(recorded(undone)));
    }

    @Test
    void undone_eachDirectCallIsTheSameCallSiteAsBefore_andNothingElseChanges() {
        byte[] before = rewritten();
        ClassNode was = node(before);
        ClassNode now = node(RedefinedClass.undoDirectCalls(before));
        assertEquals(was.methods.size(), now.methods.size(), "methods");
        assertEquals(was.fields.size(), now.fields.size(), "fields");
        List<String> undone = new ArrayList<>();
        for (int m = 0; m < was.methods.size(); m++) {
            MethodNode a = was.methods.get(m);
            MethodNode b = now.methods.get(m);
            assertEquals(a.name + a.desc + a.access, b.name + b.desc + b.access);
            assertEquals(a.maxStack, b.maxStack, a.name + a.desc);
            assertEquals(a.instructions.size(), b.instructions.size(), a.name + a.desc);
            for (int i = 0; i < a.instructions.size(); i++) {
                AbstractInsnNode x = a.instructions.get(i);
                AbstractInsnNode y = b.instructions.get(i);
                boolean direct = RedefinedClassTestAccess.isBody(a) && x instanceof MethodInsnNode c && c.owner.equals(SERVICE)
                        && c.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")");
                if (!direct) {
                    assertEquals(x.getOpcode(), y.getOpcode(), "changed: " + a.name + a.desc + " at " + i);
                    assertTrue(!(y instanceof MethodInsnNode c && RedefinedClassTestAccess.isBody(b) && c.owner.equals(SERVICE)
                            && c.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")")), "left: " + a.name + a.desc + " at " + i);
                    continue;
                }
                MethodInsnNode call = (MethodInsnNode) x;
                InvokeDynamicInsnNode site = (InvokeDynamicInsnNode) y;
                undone.add(a.name + (a.desc.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR) ? " resume" : " fresh") + " -> " + call.name);
                if (call.name.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)) {
                    assertEquals(Opcodes.INVOKEVIRTUAL, call.getOpcode());
                    assertEquals(call.name.substring(BytecodeContract.VIRTUAL_ENTRY_PREFIX.length()), site.name);
                    assertEquals(BytecodeContract.VIRTUAL_CALL_BOOTSTRAP, site.bsm.getName());
                    assertEquals("(L" + SERVICE + ";" + call.desc.substring(1), site.desc);
                } else {
                    assertEquals(call.name, site.name);
                    assertEquals(BytecodeContract.EXACT_CALL_BOOTSTRAP, site.bsm.getName());
                    assertEquals(call.getOpcode() == Opcodes.INVOKESTATIC ? call.desc : "(L" + SERVICE + ";" + call.desc.substring(1), site.desc);
                    org.objectweb.asm.Handle method = (org.objectweb.asm.Handle) site.bsmArgs[0];
                    assertEquals(call.name + BytecodeContract.originalDescriptor(call.desc), method.getName() + method.getDesc());
                    assertEquals(call.getOpcode() == Opcodes.INVOKESTATIC ? Opcodes.H_INVOKESTATIC : Opcodes.H_INVOKESPECIAL, method.getTag());
                    String key = call.getOpcode() == Opcodes.INVOKESTATIC ? BytecodeContract.staticCall(SERVICE, method.getName() + method.getDesc())
                            : method.getName() + method.getDesc();
                    assertEquals(BytecodeContract.key(key), site.bsmArgs[1], "the key the method's bridge takes");
                }
            }
        }
        // every kind, in fresh and resume bodies: a static, a private, a final method, the own entry, and in the method
        // reference's adapter
        for (String expected : List.of("all fresh -> lookUp", "all resume -> lookUp", "all fresh -> hidden", "all resume -> hidden",
                "all fresh -> fixed", "all resume -> fixed", "all fresh -> coflow$call$open", "all resume -> coflow$call$open",
                BytecodeContract.METHOD_REFERENCE_PREFIX + "0 fresh -> lookUp")) {
            assertTrue(undone.contains(expected), expected + " in " + undone);
        }
        assertNull(RedefinedClass.undoDirectCalls(read(SERVICE)), "a class that was not rewritten has none");
    }

    private static ClassNode node(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node;
    }

    /**
     * What the agent hands back to another agent ({@code RedefinedClass.forAnotherAgent}): the direct calls undone, and
     * every bridge's {@code Suspension.enter…} its watched twin, nothing else; the calls the bodies make still reach the
     * methods and give the same values (a watched bridge takes a key armed by a rewritten frame). {@code AgentProcessIT}'s
     * Mockito program checks that a bridge called again from Mockito's frames refuses the key.
     */
    @Test
    void forAnotherAgent_everyBridgeEntersThroughItsWatchedTwin_andTheValuesAreTheSame() throws Exception {
        byte[] before = rewritten();
        byte[] handed = RedefinedClass.forAnotherAgent(before);
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(handed), RedefinedClassTest.class.getClassLoader(), false, new PrintWriter(problems));
        assertEquals("", problems.toString());
        ClassNode undone = node(RedefinedClass.undoDirectCalls(before));
        ClassNode now = node(handed);
        List<String> watched = new ArrayList<>();
        for (int m = 0; m < undone.methods.size(); m++) {
            MethodNode a = undone.methods.get(m);
            MethodNode b = now.methods.get(m);
            assertEquals(a.instructions.size(), b.instructions.size(), a.name + a.desc);
            for (int i = 0; i < a.instructions.size(); i++) {
                if (a.instructions.get(i) instanceof MethodInsnNode x && x.owner.equals(BytecodeContract.SUSPENSION)
                        && List.of(BytecodeContract.ENTER, BytecodeContract.ENTER_INSTANCE, BytecodeContract.ENTER_PRIVATE,
                        BytecodeContract.ENTER_FORWARDED).contains(x.name)) {
                    MethodInsnNode y = (MethodInsnNode) b.instructions.get(i);
                    assertEquals(x.name + BytecodeContract.WATCHED_SUFFIX, y.name, a.name + a.desc);
                    assertEquals(x.desc, y.desc);
                    watched.add(a.name);
                } else {
                    assertEquals(a.instructions.get(i).getOpcode(), b.instructions.get(i).getOpcode(), a.name + a.desc + " at " + i);
                }
            }
        }
        for (String bridge : METHODS) {
            assertTrue(watched.contains(bridge), bridge + " in " + watched);
        }
        assertEquals(expected(REACHED_UNDONE), run(recorded(handed)));
        assertNull(RedefinedClass.forAnotherAgent(read(SERVICE)), "a class that was not rewritten has neither");
    }

    /** {@code RedefinedClass.isBody}, seen from here. */
    private static final class RedefinedClassTestAccess {
        static boolean isBody(MethodNode m) {
            return (m.access & Opcodes.ACC_SYNTHETIC) != 0 && !m.name.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)
                    && !m.name.startsWith(BytecodeContract.SPILL_PREFIX) && !m.name.startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX)
                    && m.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR);
        }
    }
}
