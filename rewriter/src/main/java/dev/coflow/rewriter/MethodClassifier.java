package dev.coflow.rewriter;

import dev.coflow.rewriter.analysis.SuspensionPointsAnalysis;
import dev.coflow.runtime.BytecodeContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Step 1 of {@link ClassRewriter}: which methods of a class are coroutine methods, each with the one
 * reason why. A coroutine method is rewritten, or refused with a diagnostic; every other method stays as
 * javac wrote it. Decided in two rounds: {@link #declared} from what the class says (annotations, the
 * class hierarchy, the {@code suspendable=} option), before the method references are adapted; then
 * {@link #synthetic} for the synthetic bodies and initialisers that turn out to contain a suspension point.
 */
public final class MethodClassifier {
    private MethodClassifier() {
    }

    /** Why a method is a coroutine method. */
    public enum Reason {
        /** Annotated {@code @Coroutine}. */
        ANNOTATED("annotated @Coroutine"),
        /** Overrides or implements a {@code @Coroutine} method of a supertype (in a class that mentions coflow). */
        OVERRIDES_COROUTINE_METHOD("overrides a @Coroutine method"),
        /** Its class is suspendable (the {@code suspendable=} option): its refusals are expected, reported as counts. */
        SUSPENDABLE_CLASS("its class is suspendable"),
        /** A lambda body ({@link #isLambdaBody}), {@code coflow$ref$} adapter or bridge method with a suspension point. */
        SYNTHETIC_BODY("a synthetic body that can suspend"),
        /** Kotlin's forwarder for the default arguments of a coroutine method of its class ({@link #isDefaultsForwarder}). */
        DEFAULTS_FORWARDER("Kotlin's forwarder for the default arguments of a @Coroutine method"),
        /** A compiler's accessor for a private coroutine method of its class ({@link #accessorTarget}). */
        ACCESSOR("the compiler's accessor for a private @Coroutine method"),
        /** A constructor or static initialiser that yields: a coroutine method only to be refused with a clear reason. */
        INITIALIZER_YIELDS("an initialiser that yields");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** Whether a refusal of a method for this reason is expected (the option made it a coroutine method) rather than an error. */
        public boolean implicit() {
            return this == SUSPENDABLE_CLASS;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The coroutine methods by {@code name + descriptor}, in the class's order, from what the class declares:
     * annotations, overrides of coroutine methods, and the {@code suspendable=} option (which takes every
     * method of the class, constructors and static initialisers too: refused when they can suspend).
     */
    public static Map<String, Reason> declared(ClassNode node, ClassHierarchy hierarchy, ClassHierarchy.ClassInfo self) {
        Map<String, Reason> decisions = new LinkedHashMap<>();
        boolean suspendableClass = hierarchy.isSuspendable(node.name);
        java.util.Set<String> annotated = new java.util.HashSet<>();
        for (MethodNode m : node.methods) {
            if (isAnnotated(m)) {
                annotated.add(m.name + m.desc);
            }
        }
        for (MethodNode m : node.methods) {
            String key = m.name + m.desc;
            if (isAnnotated(m)) {
                decisions.put(key, Reason.ANNOTATED);
            } else if (isDefaultsForwarder(m.access, node.name, m.name, m.desc, annotated)) {
                decisions.put(key, Reason.DEFAULTS_FORWARDER);
            } else if (isAccessorOf(node.name, m, annotated)) {
                decisions.put(key, Reason.ACCESSOR);
            } else if (suspendableClass) {
                // an override in a suspendable class is a coroutine method only because of the option, too
                decisions.put(key, Reason.SUSPENDABLE_CLASS);
            } else if (isOverridable(m) && hierarchy.overridesCoroutineMethod(self, m.name, m.desc)) {
                decisions.put(key, Reason.OVERRIDES_COROUTINE_METHOD);
            }
        }
        return decisions;
    }

    /**
     * Adds the synthetic bodies (lambda bodies, method-reference adapters, bridge methods) that contain a
     * call {@code suspendable} says may suspend, and the constructors and static initialisers that yield.
     * Runs after the method references were adapted, so the adapters are seen.
     */
    public static void synthetic(ClassNode node, Map<String, Reason> decisions, Predicate<MethodInsnNode> suspendable) {
        for (MethodNode m : node.methods) {
            String key = m.name + m.desc;
            if (decisions.containsKey(key)) {
                continue;
            }
            boolean syntheticBody = isLambdaBody(m.access, m.name)
                    || (m.access & Opcodes.ACC_SYNTHETIC) != 0 && (m.access & Opcodes.ACC_BRIDGE) != 0;
            boolean initializer = m.name.equals("<init>") || m.name.equals("<clinit>");
            if (!syntheticBody && !(initializer && containsYield(m))) {
                continue;
            }
            if (!SuspensionPointsAnalysis.of(m, null, suspendable).isEmpty()) {
                decisions.put(key, syntheticBody ? Reason.SYNTHETIC_BODY : Reason.INITIALIZER_YIELDS);
            }
        }
    }

    /**
     * A lambda body or a method-reference adapter, reached through the hidden class of a functional interface:
     * javac's and ECJ's synthetic {@code lambda$...} methods, coflow's synthetic {@code coflow$ref$...} adapters,
     * scalac's synthetic {@code $anonfun$f$N} (and their {@code $adapted} boxing forwarders), Scala 3's private
     * {@code f$$anonfun$N} (and {@code f$$anonfun$adapted$N}), and kotlinc's
     * {@code private} (not synthetic) {@code f$lambda$N} bodies of its {@code invokedynamic} lambdas.
     */
    public static boolean isLambdaBody(int access, String methodName) {
        if (methodName.startsWith(BytecodeContract.METHOD_REFERENCE_PREFIX)) {
            return (access & Opcodes.ACC_SYNTHETIC) != 0;
        }
        if (!BytecodeContract.isLambdaBodyName(methodName)) {
            return false;
        }
        // javac, ECJ and scalac 2 mark their bodies synthetic; kotlinc's are private, not synthetic, and so are Scala 3's
        // enclosing$$anonfun$N (its $anonfun$N for a Java functional interface is synthetic)
        boolean privateOnly = !methodName.startsWith("lambda$") && !methodName.startsWith("$anonfun$");
        return (access & (privateOnly ? Opcodes.ACC_PRIVATE : Opcodes.ACC_SYNTHETIC)) != 0;
    }

    /**
     * Kotlin's forwarder for default arguments: a synthetic static {@code f$default} of the same class that takes
     * {@code f}'s parameters (after the receiver, for an instance method), one {@code int} mask per 32 of them and an
     * {@code Object} marker, fills in the arguments the call left out, and calls {@code f}, a coroutine method here
     * ({@code coroutineKeys}, by name and descriptor). Source cannot annotate it, and it only forwards, so it is a
     * coroutine method too.
     */
    static boolean isDefaultsForwarder(int access, String owner, String name, String descriptor, java.util.Set<String> coroutineKeys) {
        int flags = Opcodes.ACC_SYNTHETIC | Opcodes.ACC_STATIC;
        if ((access & flags) != flags || !name.endsWith("$default") || name.length() == "$default".length()) {
            return false;
        }
        String target = name.substring(0, name.length() - "$default".length());
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(descriptor);
        org.objectweb.asm.Type result = org.objectweb.asm.Type.getReturnType(descriptor);
        int end = args.length - 1;
        if (end < 1 || !args[end].getDescriptor().equals("Ljava/lang/Object;")) {
            return false;
        }
        while (end > 0 && args[end - 1].getSort() == org.objectweb.asm.Type.INT) {
            end--;
            if (coroutineKeys.contains(target + org.objectweb.asm.Type.getMethodDescriptor(result, java.util.Arrays.copyOfRange(args, 0, end)))) {
                return true;
            }
            if (end > 0 && args[0].getSort() == org.objectweb.asm.Type.OBJECT && args[0].getInternalName().equals(owner)
                    && coroutineKeys.contains(target + org.objectweb.asm.Type.getMethodDescriptor(result, java.util.Arrays.copyOfRange(args, 1, end)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A compiler's accessor for a private method that a nested class uses: a synthetic static {@code access$...} whose
     * code only loads its parameters, in order, calls one method of its own class with them (the first one the receiver of
     * an instance method) and returns what that returns. javac makes them for class files of Java 10 or older, and the
     * Eclipse compiler, for Java 11 and later too, for a method reference to a private method from a nested class (the
     * reference's hidden class calls the accessor). Source cannot annotate it, and it only forwards, so the accessor of a
     * coroutine method is a coroutine method too. Returns the called method's {@code name + descriptor}, or null.
     */
    static String accessorTarget(String owner, MethodNode m) {
        int flags = Opcodes.ACC_SYNTHETIC | Opcodes.ACC_STATIC;
        if ((m.access & flags) != flags || !m.name.startsWith("access$")) {
            return null;
        }
        org.objectweb.asm.Type[] args = org.objectweb.asm.Type.getArgumentTypes(m.desc);
        org.objectweb.asm.Type result = org.objectweb.asm.Type.getReturnType(m.desc);
        int loaded = 0;
        int slot = 0;
        MethodInsnNode call = null;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            int op = insn.getOpcode();
            if (op < 0) {
                continue; // a label, a line number, a frame
            }
            if (call != null) {
                // the one instruction after the call: the return, and nothing after it
                return op == result.getOpcode(Opcodes.IRETURN) && nextReal(insn.getNext()) == null ? call.name + call.desc : null;
            }
            if (insn instanceof org.objectweb.asm.tree.VarInsnNode v && loaded < args.length
                    && op == args[loaded].getOpcode(Opcodes.ILOAD) && v.var == slot) {
                slot += args[loaded].getSize();
                loaded++;
            } else if (insn instanceof MethodInsnNode c && loaded == args.length && c.owner.equals(owner)
                    && (op == Opcodes.INVOKESTATIC || op == Opcodes.INVOKEVIRTUAL || op == Opcodes.INVOKESPECIAL)
                    && org.objectweb.asm.Type.getReturnType(c.desc).equals(result)
                    && org.objectweb.asm.Type.getArgumentTypes(c.desc).length == args.length - (op == Opcodes.INVOKESTATIC ? 0 : 1)) {
                call = c;
            } else {
                return null;
            }
        }
        return null;
    }

    private static boolean isAccessorOf(String owner, MethodNode m, java.util.Set<String> coroutineKeys) {
        String target = accessorTarget(owner, m);
        return target != null && coroutineKeys.contains(target);
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn;
    }

    static boolean isAnnotated(MethodNode m) {
        return hasCoroutine(m.visibleAnnotations) || hasCoroutine(m.invisibleAnnotations);
    }

    private static boolean hasCoroutine(List<AnnotationNode> annotations) {
        if (annotations != null) {
            for (AnnotationNode a : annotations) {
                if (a.desc.equals(BytecodeContract.COROUTINE_DESCRIPTOR)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isOverridable(MethodNode m) {
        return (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0 && !m.name.startsWith("<");
    }

    private static boolean containsYield(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (SuspensionPointsAnalysis.isYield(insn)) {
                return true;
            }
        }
        return false;
    }
}
