package dev.coflow.rewriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Calls to coroutine methods that cannot suspend: a call whose target cannot be overridden ({@code invokestatic},
 * {@code invokespecial}, {@code invokevirtual} of a private or final method or of a method of a final class)
 * and whose target's code has no suspension point, transitively: every call in it is either no suspension point
 * at all or again such a quiet call. In a library made suspendable every call into the library is a coroutine
 * call; most of them reach small helpers that call nothing suspendable, and paying the armed-call protocol at
 * each (arm, check, spill and resume code, a bridge with its carrier look-up) made the rewritten bodies two to
 * three times larger and kept them from being inlined. A quiet call is no suspension point: not armed, not
 * checked, nothing saved around it; and a method all of whose calls are quiet is not rewritten at all.
 *
 * <p>Conservative: the proof looks at most {@link #MAX_DEPTH} calls deep and {@link #MAX_METHODS} methods per
 * question; anything deeper, recursive (a method on the path being proved), unreadable, native, abstract,
 * reached through an interface or a virtual call, a yield, or any call into coflow itself counts as may-suspend.
 * A proof of quiet is cached (it holds however deep it is asked again); may-suspend answers are cached only when
 * nothing was cut off. So a caller and its callee agree: the callee is left as it was exactly when its callers
 * call it unarmed, since the same proof covers every call in it.
 *
 * <p>Sound at run time: if a callee proved quiet at rewrite time does suspend at run time (its class changed
 * between the rewrite and the run), its caller did not arm the call, so the callee's bridge finds no key, gets
 * {@code Context.FOREIGN}, and the yield below throws {@code NotRewrittenException}: a loud failure, never a
 * wrong value. {@code DirectCallPass} only calls a body directly at an armed call.
 */
public final class QuietCalls {
    /** How many calls deep a proof looks. */
    static final int MAX_DEPTH = 4;
    /** How many methods one question may read. */
    static final int MAX_METHODS = 64;
    /** Classes whose methods' calls are kept for reuse (least recently used first out). */
    private static final int CLASS_CACHE = 256;

    private final ClassHierarchy hierarchy;
    /** Proven answers by {@code owner.name+descriptor} of the resolved target: true when quiet. */
    private final Map<String, Boolean> answers = new ConcurrentHashMap<>();
    /** A hash of the bytes each class was read from, to notice a class that changed under the same name. */
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final RecentClasses classes = new RecentClasses();

    QuietCalls(ClassHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * The classes read most recently, at most {@link #CLASS_CACHE}: two generations of plain hash maps, the older
     * dropped when the younger fills, a class found in the older moved to the younger. Not an access-ordered
     * {@code LinkedHashMap}: the agent runs this in the application's JVM, and a JDK method the rewriter calls often
     * is compiled for the rewriter's use; {@code LinkedHashMap.get} compiled with its access-order path came out too big
     * for C2 to inline into the application's own calls of it (design.md, "Suspendable libraries", item 11).
     */
    private static final class RecentClasses {
        private Map<String, ClassCalls> young = new HashMap<>();
        private Map<String, ClassCalls> old = new HashMap<>();

        ClassCalls get(String internalName) {
            ClassCalls c = young.get(internalName);
            if (c == null) {
                c = old.get(internalName);
                if (c != null) {
                    put(internalName, c);
                }
            }
            return c;
        }

        void put(String internalName, ClassCalls calls) {
            if (young.size() >= CLASS_CACHE / 2) {
                old = young;
                young = new HashMap<>();
            }
            young.put(internalName, calls);
        }
    }

    /** One call in a method's code. */
    record Call(int opcode, String owner, String name, String descriptor) {
    }

    /** What a method is, for a proof: its flags and its calls (null when it has no code). */
    record MethodCalls(int access, List<Call> calls) {
    }

    /** A class's flags and its methods by {@code name + descriptor}. */
    record ClassCalls(int access, Map<String, MethodCalls> methods) {
        static final ClassCalls NONE = new ClassCalls(0, Map.of());
    }

    /** The outcome of one proof step: quiet or not, and whether a limit decided it. */
    private record Verdict(boolean quiet, boolean cutOff) {
        static final Verdict QUIET = new Verdict(true, false);
        static final Verdict MAY = new Verdict(false, false);
        static final Verdict CUT = new Verdict(false, true);
    }

    /**
     * Whether {@code call}, which {@code mayCallSuspend} says is a call of a coroutine method, provably cannot
     * suspend. {@code mayCallSuspend} is the caller's predicate of calls that may suspend without this proof;
     * inside the callees the hierarchy answers the same question.
     */
    public boolean isQuiet(MethodInsnNode call) {
        if (call.name.startsWith("<") || isCoflowOrPlatform(call.owner)) {
            return false;
        }
        return prove(call.getOpcode(), call.owner, call.name, call.desc, 0, new HashSet<>(), new int[] {0}).quiet();
    }

    private Verdict prove(int opcode, String owner, String name, String descriptor, int depth, Set<String> path, int[] budget) {
        String[] resolved = resolve(opcode, owner, name, descriptor);
        if (resolved == null) {
            return Verdict.MAY;
        }
        String key = resolved[0] + '.' + name + descriptor;
        Boolean known = answers.get(key);
        if (known != null) {
            return known ? Verdict.QUIET : Verdict.MAY;
        }
        if (depth >= MAX_DEPTH || ++budget[0] > MAX_METHODS || path.contains(key)) {
            return Verdict.CUT;
        }
        MethodCalls method = callsOf(resolved[0]).methods().get(name + descriptor);
        if (method == null || method.calls() == null) {
            return Verdict.MAY;
        }
        path.add(key);
        Verdict verdict = Verdict.QUIET;
        for (Call c : method.calls()) {
            if (!maySuspend(c)) {
                continue;
            }
            Verdict inner = c.name().startsWith("<") ? Verdict.QUIET
                    : isCoflowOrPlatform(c.owner()) ? Verdict.MAY
                    : prove(c.opcode(), c.owner(), c.name(), c.descriptor(), depth + 1, path, budget);
            if (!inner.quiet()) {
                verdict = inner;
                break;
            }
        }
        path.remove(key);
        if (!verdict.cutOff()) {
            answers.put(key, verdict.quiet());
        }
        return verdict;
    }

    /**
     * Whether a call in a callee's code is a suspension point without this proof: what {@code ClassRewriter}'s
     * predicate says of it (a yield, a delegation, a coroutine method, a functional interface's method).
     */
    private boolean maySuspend(Call c) {
        if (isCoflow(c.owner())) {
            // a yield, a delegation, or the runtime of a class already rewritten: never proven quiet
            return true;
        }
        return hierarchy.isCoroutineMethod(c.owner(), c.name(), c.descriptor())
                || c.opcode() == Opcodes.INVOKEINTERFACE && hierarchy.isFunctionalInterfaceMethod(c.owner(), c.name(), c.descriptor())
                || isSyntheticBody(c);
    }

    /**
     * A bridge method or a lambda body: its own class counts it as a coroutine method when it contains a suspension
     * point (MethodClassifier.synthetic), which the hierarchy does not know; the proof takes it as may-suspend so
     * that it never calls quiet what its own class rewrites.
     */
    private boolean isSyntheticBody(Call c) {
        if (ClassHierarchy.isPlatform(c.owner())) {
            return false;
        }
        MethodCalls m = callsOf(c.owner()).methods().get(c.name() + c.descriptor());
        return m != null && ((m.access() & Opcodes.ACC_BRIDGE) != 0
                || MethodClassifier.isLambdaBody(m.access(), c.name()));
    }

    /** coflow's API and runtime ({@code dev/coflow/X}, {@code dev/coflow/runtime/…}): yields, delegations, the protocol. */
    static boolean isCoflow(String owner) {
        if (!owner.startsWith("dev/coflow/")) {
            return false;
        }
        String rest = owner.substring("dev/coflow/".length());
        return rest.indexOf('/') < 0 || rest.startsWith("runtime/");
    }

    private static boolean isCoflowOrPlatform(String owner) {
        return isCoflow(owner) || ClassHierarchy.isPlatform(owner);
    }

    /**
     * The class declaring the method a call runs when the call cannot be overridden, as a one-element array;
     * {@code null} when the call is virtual (or through an interface) or the target cannot be found.
     */
    private String[] resolve(int opcode, String owner, String name, String descriptor) {
        if (opcode == Opcodes.INVOKEINTERFACE || opcode == Opcodes.INVOKEDYNAMIC) {
            return null;
        }
        ClassHierarchy.ClassInfo ownerInfo = hierarchy.lookup(owner);
        if (ownerInfo == null || ownerInfo.isInterface() && opcode != Opcodes.INVOKESTATIC) {
            return null;
        }
        String key = name + descriptor;
        // static and special calls, and virtual calls, resolve up the super class chain (JVMS 5.4.3.3)
        for (String c = owner; c != null; c = hierarchy.superName(c)) {
            if (ClassHierarchy.isPlatform(c)) {
                return null;
            }
            ClassHierarchy.ClassInfo info = hierarchy.lookup(c);
            if (info == null) {
                return null;
            }
            if (!info.declaredMethods().contains(key)) {
                continue;
            }
            MethodCalls m = callsOf(c).methods().get(key);
            if (m == null) {
                return null;
            }
            boolean isStatic = (m.access() & Opcodes.ACC_STATIC) != 0;
            if (opcode == Opcodes.INVOKESTATIC) {
                return isStatic ? new String[] {c} : null;
            }
            if (isStatic) {
                return null;
            }
            if (opcode == Opcodes.INVOKESPECIAL) {
                return new String[] {c};
            }
            // invokevirtual: exact when the method is private or final, or the receiver's class (the call's owner) is final
            boolean exact = (m.access() & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0 || (callsOf(owner).access() & Opcodes.ACC_FINAL) != 0;
            return exact ? new String[] {c} : null;
        }
        return null;
    }

    /**
     * Keeps what {@code bytes} (the class being rewritten, as it was read) calls, so its own methods need no look-up.
     * A class of the same name met before with other bytes (a hierarchy reused for generated classes) drops every
     * answer: they may rest on the old version.
     */
    void remember(String internalName, byte[] bytes) {
        ClassCalls read = read(bytes);
        Integer before = versions.put(internalName, java.util.Arrays.hashCode(bytes));
        if (before != null && before != java.util.Arrays.hashCode(bytes)) {
            answers.clear();
        }
        synchronized (classes) {
            classes.put(internalName, read);
        }
    }

    /** The calls of every method of a class, read once and kept while the class is among the recently used. */
    private ClassCalls callsOf(String internalName) {
        synchronized (classes) {
            ClassCalls known = classes.get(internalName);
            if (known != null) {
                return known;
            }
        }
        byte[] bytes = hierarchy.bytes(internalName);
        ClassCalls read = read(bytes);
        if (bytes != null) {
            versions.putIfAbsent(internalName, java.util.Arrays.hashCode(bytes));
        }
        synchronized (classes) {
            classes.put(internalName, read);
        }
        return read;
    }

    private static ClassCalls read(byte[] bytes) {
        if (bytes == null) {
            return ClassCalls.NONE;
        }
        Map<String, MethodCalls> out = new HashMap<>();
        int[] access = new int[1];
        try {
            new ClassReader(bytes).accept(new ClassVisitor(AsmApi.LEVEL) {
                @Override
                public void visit(int version, int flags, String name, String signature, String superName, String[] interfaces) {
                    access[0] = flags;
                }

                @Override
                public MethodVisitor visitMethod(int flags, String name, String descriptor, String signature, String[] exceptions) {
                    if ((flags & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                        out.put(name + descriptor, new MethodCalls(flags, null)); // no code to prove anything of
                        return null;
                    }
                    List<Call> calls = new ArrayList<>();
                    out.put(name + descriptor, new MethodCalls(flags, calls));
                    return new MethodVisitor(AsmApi.LEVEL) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                            calls.add(new Call(opcode, owner, method, desc));
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            return ClassCalls.NONE;
        }
        return new ClassCalls(access[0], out);
    }
}
