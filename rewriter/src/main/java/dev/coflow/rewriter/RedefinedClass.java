package dev.coflow.rewriter;

import dev.coflow.runtime.BytecodeContract;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A rewritten class that another agent or a debugger redefines or retransforms after it was loaded. Such an agent
 * (Mockito's inline mocks, a tracer) puts its code into the methods it knows: a coroutine method's bridge, which keeps
 * the method's name and descriptor. A rewritten body calls some methods of its own class without their bridges: the
 * body of a static, private or final method, and, on {@code this}, the class's own virtual entry of an overridable
 * one ({@code DirectCallPass}), so a stub or an advice put into the method would be skipped and the caller would get
 * the real method's value. The agent's watcher hands every such class here before the other agent's transformer sees
 * it: each of those calls becomes the call of the method itself, armed as it was before the rewriter made it direct.
 *
 * <pre>
 * invokestatic  C.m(A;Context)R          ==&gt;  invokedynamic m(A;Context)R    [Bootstrap.exactCall, C.m(A)R static, key]
 * invokespecial C.m(A;Context)R          ==&gt;  invokedynamic m(C;A;Context)R  [Bootstrap.exactCall, C.m(A)R special, key]
 * invokevirtual C.coflow$call$m(A;Context)R ==&gt;  invokedynamic m(C;A;Context)R  [Bootstrap.virtualCall]
 * </pre>
 *
 * Each replacement takes and leaves the same values on the stack, so the stack map frames, the handlers and the
 * maximum stack stay as they are. Only what a retransformation may change changes: code and constants, no member.
 * The virtual call site calls the method itself, armed, once entries are off, which the watcher turns off before the
 * class is redefined ({@code Bootstrap.classesChanged}).
 */
public final class RedefinedClass {
    private RedefinedClass() {
    }

    private static final Handle EXACT_CALL = new Handle(Opcodes.H_INVOKESTATIC, BytecodeContract.BOOTSTRAP,
            BytecodeContract.EXACT_CALL_BOOTSTRAP, BytecodeContract.EXACT_CALL_BOOTSTRAP_DESCRIPTOR, false);
    private static final Handle VIRTUAL_CALL = new Handle(Opcodes.H_INVOKESTATIC, BytecodeContract.BOOTSTRAP,
            BytecodeContract.VIRTUAL_CALL_BOOTSTRAP, BytecodeContract.VIRTUAL_CALL_BOOTSTRAP_DESCRIPTOR, false);

    /** The class file with every direct call of its bodies made a call of the method itself, or {@code null} when it has none. */
    public static byte[] undoDirectCalls(byte[] classFile) {
        return undo(classFile, false);
    }

    /**
     * What the agent hands back when another agent changes a rewritten class: {@link #undoDirectCalls}, and each bridge's
     * {@code Suspension.enter…} made its watched twin ({@link BytecodeContract#WATCHED_SUFFIX}), which takes its caller's
     * key only when a rewritten frame called the bridge. The other agent's code goes first in the bridge, and may call
     * the method again from its own frames with the key still armed: Mockito's answer calling a spy's real method
     * ({@code callRealMethod}), which the key would let suspend through Mockito's frames, skipping what the answer does
     * with the value. {@code null} when the class has neither.
     */
    public static byte[] forAnotherAgent(byte[] classFile) {
        return undo(classFile, true);
    }

    private static byte[] undo(byte[] classFile, boolean watchBridges) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0); // the constants copied; methods not visited below are copied as they are
        Undo undo = new Undo(writer, watchBridges);
        reader.accept(undo, 0);
        return undo.changed == 0 ? null : writer.toByteArray();
    }

    /** Whether {@code name descriptor} is one of the runtime's {@code Suspension.enter…} calls a bridge begins with. */
    static boolean isBridgeEnter(String name, String descriptor) {
        return name.equals(BytecodeContract.ENTER) && descriptor.equals(BytecodeContract.ENTER_DESCRIPTOR)
                || name.equals(BytecodeContract.ENTER_INSTANCE) && descriptor.equals(BytecodeContract.ENTER_INSTANCE_DESCRIPTOR)
                || name.equals(BytecodeContract.ENTER_PRIVATE) && descriptor.equals(BytecodeContract.ENTER_PRIVATE_DESCRIPTOR)
                || name.equals(BytecodeContract.ENTER_FORWARDED) && descriptor.equals(BytecodeContract.ENTER_FORWARDED_DESCRIPTOR);
    }

    /**
     * Whether {@code name descriptor} is a rewritten body: a fresh or a resume body (of a method the user wrote, a lambda's,
     * or a method reference's adapter, {@code coflow$ref$N}), not an entry, which calls its own body and must go on doing
     * so, nor a spill method or a resume adapter.
     */
    static boolean isBody(int access, String name, String descriptor) {
        return (access & Opcodes.ACC_SYNTHETIC) != 0 && !isCoflowsOwn(name)
                && (descriptor.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")") || descriptor.contains(BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")"));
    }

    private static boolean isCoflowsOwn(String name) {
        return name.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX) || name.startsWith(BytecodeContract.SPILL_PREFIX)
                || name.startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX);
    }

    /** Whether {@code descriptor} ends its parameters with the context: a fresh body's or an entry's. */
    private static boolean takesContextLast(String descriptor) {
        return descriptor.substring(0, descriptor.indexOf(')')).endsWith(BytecodeContract.CONTEXT_DESCRIPTOR);
    }

    private static final class Undo extends ClassVisitor {
        private final boolean watchBridges;
        private String owner;
        int changed;

        Undo(ClassVisitor next, boolean watchBridges) {
            super(AsmApi.LEVEL, next);
            this.watchBridges = watchBridges;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            owner = name;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!isBody(access, name, descriptor)) {
                if (!watchBridges || isCoflowsOwn(name)) {
                    return next;
                }
                return new MethodVisitor(AsmApi.LEVEL, next) {
                    @Override
                    public void visitMethodInsn(int opcode, String callOwner, String callName, String callDescriptor, boolean itf) {
                        if (opcode == Opcodes.INVOKESTATIC && callOwner.equals(BytecodeContract.SUSPENSION) && isBridgeEnter(callName, callDescriptor)) {
                            changed++;
                            callName += BytecodeContract.WATCHED_SUFFIX;
                        }
                        super.visitMethodInsn(opcode, callOwner, callName, callDescriptor, itf);
                    }
                };
            }
            return new MethodVisitor(AsmApi.LEVEL, next) {
                @Override
                public void visitMethodInsn(int opcode, String callOwner, String callName, String callDescriptor, boolean itf) {
                    if (!callOwner.equals(owner) || !takesContextLast(callDescriptor)) {
                        super.visitMethodInsn(opcode, callOwner, callName, callDescriptor, itf);
                        return;
                    }
                    String original = BytecodeContract.originalDescriptor(callDescriptor);
                    String withReceiver = "(L" + owner + ";" + callDescriptor.substring(1);
                    if (opcode == Opcodes.INVOKEVIRTUAL && callName.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)) {
                        changed++;
                        super.visitInvokeDynamicInsn(callName.substring(BytecodeContract.VIRTUAL_ENTRY_PREFIX.length()), withReceiver, VIRTUAL_CALL);
                    } else if ((opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKESPECIAL) && !isCoflowsOwn(callName)
                            && !callName.equals("<init>")) {
                        changed++;
                        boolean isStatic = opcode == Opcodes.INVOKESTATIC;
                        Handle method = new Handle(isStatic ? Opcodes.H_INVOKESTATIC : Opcodes.H_INVOKESPECIAL, owner, callName, original, itf);
                        long key = BytecodeContract.key(isStatic ? BytecodeContract.staticCall(owner, callName + original) : callName + original);
                        super.visitInvokeDynamicInsn(callName, isStatic ? callDescriptor : withReceiver, EXACT_CALL, method, key);
                    } else {
                        super.visitMethodInsn(opcode, callOwner, callName, callDescriptor, itf);
                    }
                }
            };
        }
    }
}
