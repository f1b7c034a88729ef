package dev.coflow.rewriter.pass;

import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The virtual entry of a coroutine method that calls select by their receiver's class (an instance method of a class,
 * not private): {@code coflow$call$m}, with {@code m}'s access and its descriptor with the context appended. A virtual
 * call at a suspension point of a rewritten body calls it ({@link DirectCallPass}, through {@code Bootstrap.virtualCall})
 * with the caller's context, instead of arming the call and entering {@code m}'s bridge, which looks the context up
 * by the thread. Because it overrides as {@code m} does, the JVM selects the entry of the most specific rewritten class
 * that declares one; the entry checks that a call of {@code m} on the receiver selects its own class's {@code m} (no
 * class in between overrides it without being rewritten) and otherwise calls {@code m} the way the call site would
 * have: armed for the receiver's class, then {@code invokevirtual}.
 *
 * <pre>
 * R coflow$call$m(A a, Context ctx) {                   // a method rewritten in C
 *     Class k = getClass();
 *     if (k == C.class || k == coflow$sel$3) return m(a, ctx);   // the fresh body; coflow$sel$3: a class seen to inherit it
 *     if (k == coflow$plain$3) { Suspension.armVirtual(this, ctx, key("m(LA;)LR;")); return m(a); } // a class seen to override it plainly
 *     if (Suspension.enterVirtual(this, ctx, key("m(LA;)LR;"), C.class)) {
 *         coflow$sel$3 = Suspension.entryCache(k, C.class);  // k, or C.class for a class C may outlive (a plug-in's)
 *         return m(a, ctx);
 *     }
 *     coflow$plain$3 = Suspension.entryCache(k, C.class);
 *     return m(a);                                      // an override C's entry does not know of, armed by enterVirtual
 * }
 * R coflow$call$m(A a, Context ctx) {                   // an abstract coroutine method of C
 *     Suspension.armVirtual(this, ctx, key("m(LA;)LR;"));
 *     return m(a);
 * }
 * </pre>
 *
 * <p><b>Requires:</b> for a concrete method, its bridge ({@link BridgePass}) and a fresh body of descriptor
 * {@code freshDescriptor}. <b>Establishes:</b> a new method, whose frames the class writer computes.
 */
public final class VirtualEntryPass {
    private VirtualEntryPass() {
    }

    /** Whether a method with these flags and name in a class with {@code classAccess} gets a virtual entry. */
    public static boolean applies(int classAccess, int access, String name) {
        return (classAccess & Opcodes.ACC_INTERFACE) == 0 && (access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0
                && !name.startsWith("<");
    }

    /**
     * The entry of a rewritten method, from its bridge. {@code number} numbers two private static fields of the class,
     * which this adds, where the entry keeps the last class other than its own that it found inherits the method
     * ({@code coflow$sel$N}) and the last class it found to override it with a method that was not rewritten
     * ({@code coflow$plain$N}): a class that inherits a method, or overrides it plainly (Guava's {@code ImmutableList}
     * returns itself from {@code ImmutableCollection.asList}), and is called in a loop compares two or three times
     * instead of asking {@code Suspension.enterVirtual}, which outside a coroutine has no carrier to remember it on.
     * Which method a call on a class selects never changes, so either answer stays true for that class.
     */
    public static MethodNode concrete(ClassNode owner, MethodNode bridge, int number) {
        String cache = BytecodeContract.ENTRY_CACHE_PREFIX + number;
        String plainCache = BytecodeContract.ENTRY_PLAIN_CACHE_PREFIX + number;
        MethodNode entry = start(bridge);
        InsnList code = entry.instructions;
        int line = firstLine(bridge);
        if (line > 0) {
            code.add(DebugLines.unreachableLine(line, false)); // the frame shows the method's first line, as its bridge's did
        }
        owner.fields.add(new FieldNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, cache, CLASS_DESCRIPTOR, null, null));
        owner.fields.add(new FieldNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, plainCache, CLASS_DESCRIPTOR, null, null));
        LabelNode body = new LabelNode();
        LabelNode plain = new LabelNode();
        LabelNode learnt = new LabelNode();
        LabelNode other = new LabelNode();
        Type declaring = Type.getObjectType(owner.name);
        int context = contextSlot(bridge.desc);
        int receiverClass = context + 1;
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "getClass", "()Ljava/lang/Class;", false));
        code.add(new VarInsnNode(Opcodes.ASTORE, receiverClass));
        code.add(new VarInsnNode(Opcodes.ALOAD, receiverClass));
        code.add(new LdcInsnNode(declaring));
        code.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, body));
        code.add(new VarInsnNode(Opcodes.ALOAD, receiverClass));
        code.add(new FieldInsnNode(Opcodes.GETSTATIC, owner.name, cache, CLASS_DESCRIPTOR));
        code.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, body));
        code.add(new VarInsnNode(Opcodes.ALOAD, receiverClass));
        code.add(new FieldInsnNode(Opcodes.GETSTATIC, owner.name, plainCache, CLASS_DESCRIPTOR));
        code.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, plain));
        long key = BytecodeContract.key(bridge.name + bridge.desc);
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new VarInsnNode(Opcodes.ALOAD, context));
        code.add(new LdcInsnNode(key));
        code.add(new LdcInsnNode(declaring));
        code.add(Insns.invokeSuspension(BytecodeContract.ENTER_VIRTUAL, BytecodeContract.ENTER_VIRTUAL_DESCRIPTOR));
        code.add(new JumpInsnNode(Opcodes.IFEQ, learnt));
        storeCache(code, owner, cache, receiverClass); // a class's selection never changes
        code.add(body);
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        loadArguments(code, bridge.desc);
        code.add(new VarInsnNode(Opcodes.ALOAD, context));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, owner.name, bridge.name, DirectCallPass.freshDescriptor(bridge.desc), false));
        code.add(new InsnNode(Type.getReturnType(bridge.desc).getOpcode(Opcodes.IRETURN)));
        code.add(learnt); // enterVirtual armed the call, as armVirtual does below for a class it said this of before
        storeCache(code, owner, plainCache, receiverClass);
        code.add(new JumpInsnNode(Opcodes.GOTO, other));
        code.add(plain);
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new VarInsnNode(Opcodes.ALOAD, context));
        code.add(new LdcInsnNode(key));
        code.add(Insns.invokeSuspension(BytecodeContract.ARM_VIRTUAL, BytecodeContract.ARM_RECEIVER_DESCRIPTOR));
        code.add(other);
        callMethod(code, owner, bridge);
        nameParameters(entry, bridge);
        return entry;
    }

    /**
     * {@code cache = Suspension.entryCache(receiverClass, Owner.class)}: the receiver's class, or the owner itself when
     * the field must not keep that class (a plug-in's, which the owner may outlive: design.md, "Virtual entries").
     */
    private static void storeCache(InsnList code, ClassNode owner, String cache, int receiverClass) {
        code.add(new VarInsnNode(Opcodes.ALOAD, receiverClass));
        code.add(new LdcInsnNode(Type.getObjectType(owner.name)));
        code.add(Insns.invokeSuspension(BytecodeContract.ENTRY_CACHE, BytecodeContract.ENTRY_CACHE_DESCRIPTOR));
        code.add(new FieldInsnNode(Opcodes.PUTSTATIC, owner.name, cache, CLASS_DESCRIPTOR));
    }

    /**
     * The method's parameters (and {@code this}) under their names, for a debugger stopped in the entry: a step into a
     * call from another class stops here first, on the method's first line, as it stopped in the bridge.
     */
    private static void nameParameters(MethodNode entry, MethodNode bridge) {
        if (bridge.localVariables == null || bridge.localVariables.isEmpty()) {
            return;
        }
        int parameterSlots = ((bridge.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1);
        for (Type t : Type.getArgumentTypes(bridge.desc)) {
            parameterSlots += t.getSize();
        }
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        entry.instructions.insert(start);
        entry.instructions.add(end);
        entry.localVariables = new java.util.ArrayList<>();
        java.util.Set<Integer> named = new java.util.HashSet<>();
        for (org.objectweb.asm.tree.LocalVariableNode v : bridge.localVariables) {
            if (v.index < parameterSlots && named.add(v.index)) {
                entry.localVariables.add(new org.objectweb.asm.tree.LocalVariableNode(v.name, v.desc, v.signature, start, end, v.index));
            }
        }
    }

    private static final String CLASS_DESCRIPTOR = "Ljava/lang/Class;";

    /** Whether a static method with these flags and name in a class with {@code classAccess} gets a static entry. */
    public static boolean appliesToStatic(int classAccess, int access, String name) {
        return (classAccess & Opcodes.ACC_INTERFACE) == 0 && (access & Opcodes.ACC_STATIC) != 0 && (access & Opcodes.ACC_PRIVATE) == 0
                && !name.startsWith("<");
    }

    /**
     * The static entry of a rewritten static method, from its bridge: {@code static R coflow$call$m(A a, Context ctx)
     * { return m(a, ctx); }}, the fresh body with the caller's context. A static call from another class's rewritten body
     * calls it through {@code Bootstrap.staticCall} instead of arming the call and entering the bridge. A static method
     * is not selected, so there is nothing to check: the call resolves to this class's method exactly when the entry's
     * look-up finds it declared here.
     */
    public static MethodNode ofStatic(ClassNode owner, MethodNode bridge) {
        MethodNode entry = start(bridge);
        entry.access |= Opcodes.ACC_STATIC;
        InsnList code = entry.instructions;
        int line = firstLine(bridge);
        if (line > 0) {
            code.add(DebugLines.unreachableLine(line, false));
        }
        int slot = 0;
        for (Type t : Type.getArgumentTypes(bridge.desc)) {
            code.add(Insns.load(t, slot));
            slot += t.getSize();
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, slot));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, bridge.name, DirectCallPass.freshDescriptor(bridge.desc), false));
        code.add(new InsnNode(Type.getReturnType(bridge.desc).getOpcode(Opcodes.IRETURN)));
        nameParameters(entry, bridge);
        return entry;
    }

    /** The entry of an abstract coroutine method: only the call of the method, armed. */
    public static MethodNode ofAbstract(ClassNode owner, MethodNode method) {
        MethodNode entry = start(method);
        InsnList code = entry.instructions;
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new VarInsnNode(Opcodes.ALOAD, contextSlot(method.desc)));
        code.add(new LdcInsnNode(BytecodeContract.key(method.name + method.desc)));
        code.add(Insns.invokeSuspension(BytecodeContract.ARM_VIRTUAL, BytecodeContract.ARM_RECEIVER_DESCRIPTOR));
        callMethod(code, owner, method);
        return entry;
    }

    private static MethodNode start(MethodNode method) {
        int access = method.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_FINAL) | Opcodes.ACC_SYNTHETIC;
        MethodNode entry = new MethodNode(access, BytecodeContract.VIRTUAL_ENTRY_PREFIX + method.name,
                DirectCallPass.freshDescriptor(method.desc), null, null);
        entry.instructions = new InsnList();
        return entry;
    }

    /** {@code return this.m(arguments)}, {@code invokevirtual} of the method itself. */
    private static void callMethod(InsnList code, ClassNode owner, MethodNode method) {
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        loadArguments(code, method.desc);
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, owner.name, method.name, method.desc, false));
        code.add(new InsnNode(Type.getReturnType(method.desc).getOpcode(Opcodes.IRETURN)));
    }

    private static void loadArguments(InsnList code, String descriptor) {
        int slot = 1;
        for (Type t : Type.getArgumentTypes(descriptor)) {
            code.add(Insns.load(t, slot));
            slot += t.getSize();
        }
    }

    private static int contextSlot(String descriptor) {
        return DirectCallPass.contextSlot(0, descriptor);
    }

    private static int firstLine(MethodNode bridge) {
        for (AbstractInsnNode insn = bridge.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }
}
