package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.runtime.BytecodeContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Takes over the adaptation of method references to coroutine methods. A method reference
 * ({@code Function<String, Object> f = Demo::len}, where {@code len} returns {@code int}) is a hidden
 * class made by {@code LambdaMetafactory} that calls the method and converts its result (here: boxes
 * it). When the method suspends, that hidden class converts the dummy value the method returns, and
 * on a resume it is not there at all: the result would reach the caller unconverted. So for every
 * {@code LambdaMetafactory} call site of the class whose implementation is a coroutine method, this
 * pass makes a private static synthetic method {@code coflow$ref$N} that does exactly what the hidden
 * class would have done — converts the arguments, calls the method, converts the result (boxing,
 * unboxing with its {@code NullPointerException}, widening, casts, a discarded result) — and points the
 * call site at it. {@code coflow$ref$N} takes the instantiated types, so the hidden class now only
 * forwards; it contains a suspension point, so it is rewritten like a lambda body and converts the
 * result again, exactly, when it is resumed.
 *
 * <p><b>Requires:</b> the class as read. <b>Establishes:</b> no {@code LambdaMetafactory} call site of
 * the class has a coroutine method as its implementation, except serializable ones (their
 * implementation is part of the serialized form) and {@code super::m} references (javac makes a
 * {@code lambda$} for those).
 *
 * <pre>
 * invokedynamic apply()Function [metafactory, (Object)Object, Demo.len(String)int, (String)Object]
 *   ==&gt;  invokedynamic apply()Function [metafactory, (Object)Object, C.coflow$ref$0(String)Object, (String)Object]
 * private static synthetic Object coflow$ref$0(String s) { return Integer.valueOf(Demo.len(s)); }
 * </pre>
 */
public final class MethodRefPass {
    private MethodRefPass() {
    }

    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_SERIALIZABLE = 1;

    /**
     * Rewrites the call sites in {@code owner} and returns the methods it made (already added to
     * {@code owner.methods}). {@code isCoroutine} tells whether a method handle's target is a
     * coroutine method.
     */
    public static List<MethodNode> apply(ClassNode owner, Predicate<Handle> isCoroutine) {
        List<MethodNode> made = new ArrayList<>();
        Map<String, Handle> shared = new HashMap<>();
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        for (MethodNode m : new ArrayList<>(owner.methods)) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (!(insn instanceof InvokeDynamicInsnNode indy) || !indy.bsm.getOwner().equals(LAMBDA_METAFACTORY)
                        || indy.bsmArgs.length < 3 || !(indy.bsmArgs[1] instanceof Handle impl)
                        || !(indy.bsmArgs[2] instanceof Type instantiated)) {
                    continue;
                }
                if (!takesOver(owner, indy, impl) || !isCoroutine.test(impl)) {
                    continue;
                }
                String descriptor = adapterDescriptor(indy, instantiated);
                String shareKey = impl + " " + descriptor + " " + indy.name + indy.bsmArgs[0];
                Handle adapter = shared.get(shareKey);
                if (adapter == null) {
                    String name = BytecodeContract.METHOD_REFERENCE_PREFIX + made.size();
                    MethodNode method = adapter(name, descriptor, impl, Type.getArgumentTypes(indy.desc).length, lineOf(insn));
                    made.add(method);
                    owner.methods.add(method);
                    adapter = new Handle(Opcodes.H_INVOKESTATIC, owner.name, name, descriptor, isInterface);
                    shared.put(shareKey, adapter);
                }
                indy.bsmArgs = indy.bsmArgs.clone();
                indy.bsmArgs[1] = adapter;
            }
        }
        return made;
    }

    /** Whether this pass can take the call site over: not serializable, not a constructor or {@code super::m}. */
    private static boolean takesOver(ClassNode owner, InvokeDynamicInsnNode indy, Handle impl) {
        if (BytecodeContract.isLambdaBodyName(impl.getName()) && impl.getOwner().equals(owner.name)) {
            return false; // a lambda body: rewritten as it is
        }
        if (impl.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
            return false; // constructors never suspend
        }
        if (impl.getTag() == Opcodes.H_INVOKESPECIAL && !impl.getOwner().equals(owner.name)) {
            return false;
        }
        if (indy.bsm.getName().equals("altMetafactory") && indy.bsmArgs.length > 3 && indy.bsmArgs[3] instanceof Integer flags
                && (flags & FLAG_SERIALIZABLE) != 0) {
            return false; // the implementation method is named in the serialized form
        }
        return true;
    }

    /** The adapter takes the captured values, then the interface method's instantiated parameters. */
    private static String adapterDescriptor(InvokeDynamicInsnNode indy, Type instantiated) {
        List<Type> parameters = new ArrayList<>(List.of(Type.getArgumentTypes(indy.desc)));
        parameters.addAll(List.of(instantiated.getArgumentTypes()));
        return Type.getMethodDescriptor(instantiated.getReturnType(), parameters.toArray(new Type[0]));
    }

    private static MethodNode adapter(String name, String descriptor, Handle impl, int captured, int line) {
        MethodNode m = new MethodNode(AsmApi.LEVEL, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                name, descriptor, null, null);
        InsnList code = m.instructions;
        if (line > 0) {
            org.objectweb.asm.tree.LabelNode start = new org.objectweb.asm.tree.LabelNode();
            code.add(start);
            code.add(new org.objectweb.asm.tree.LineNumberNode(line, start));
        }
        Type[] sources = Type.getArgumentTypes(descriptor);
        List<Type> targets = new ArrayList<>();
        boolean hasReceiver = impl.getTag() != Opcodes.H_INVOKESTATIC;
        if (hasReceiver) {
            targets.add(Type.getObjectType(impl.getOwner()));
        }
        targets.addAll(List.of(Type.getArgumentTypes(impl.getDesc())));
        int slot = 0;
        for (int i = 0; i < sources.length; i++) {
            code.add(Insns.load(sources[i], slot));
            slot += sources[i].getSize();
            code.add(convert(sources[i], targets.get(i)));
        }
        int opcode = switch (impl.getTag()) {
            case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
            case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
            case Opcodes.H_INVOKESPECIAL -> Opcodes.INVOKESPECIAL;
            default -> Opcodes.INVOKEVIRTUAL;
        };
        code.add(new MethodInsnNode(opcode, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface()));
        Type result = Type.getReturnType(impl.getDesc());
        Type wanted = Type.getReturnType(descriptor);
        if (wanted.getSort() == Type.VOID) {
            if (result.getSize() == 2) {
                code.add(new InsnNode(Opcodes.POP2));
            } else if (result.getSize() == 1) {
                code.add(new InsnNode(Opcodes.POP));
            }
        } else {
            code.add(convert(result, wanted));
        }
        code.add(new InsnNode(wanted.getOpcode(Opcodes.IRETURN)));
        m.maxLocals = slot;
        m.maxStack = Math.max(4, slot + 2);
        return m;
    }

    /**
     * The conversion {@code LambdaMetafactory} applies from {@code from} to {@code to}: widening
     * primitive conversion, boxing (then a widening reference conversion), unboxing (then widening),
     * or a cast between references.
     */
    static InsnList convert(Type from, Type to) {
        InsnList out = new InsnList();
        if (from.equals(to)) {
            return out;
        }
        boolean fromPrimitive = from.getSort() < Type.ARRAY;
        boolean toPrimitive = to.getSort() < Type.ARRAY;
        if (fromPrimitive && toPrimitive) {
            out.add(widen(from, to));
        } else if (fromPrimitive) {
            Type box = boxOf(from);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, box.getInternalName(), "valueOf",
                    Type.getMethodDescriptor(box, from), false));
            if (!to.equals(box) && !to.getInternalName().equals("java/lang/Object")) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, to.getInternalName()));
            }
        } else if (toPrimitive) {
            Type unboxed = unboxedOf(from);
            if (unboxed == null) {
                // a reference that is not a wrapper (an erased type variable), as LambdaMetafactory converts it: a
                // number target through Number and its xValue(), char and boolean through their wrapper
                boolean numeric = to.getSort() != Type.CHAR && to.getSort() != Type.BOOLEAN;
                Type via = numeric ? Type.getObjectType("java/lang/Number") : boxOf(to);
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, via.getInternalName()));
                out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, via.getInternalName(), to.getClassName() + "Value",
                        Type.getMethodDescriptor(to), false));
                return out;
            }
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, from.getInternalName(), unboxed.getClassName() + "Value",
                    Type.getMethodDescriptor(unboxed), false));
            out.add(widen(unboxed, to));
        } else if (!to.getInternalName().equals("java/lang/Object")) {
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, to.getInternalName()));
        }
        return out;
    }

    private static InsnList widen(Type from, Type to) {
        InsnList out = new InsnList();
        int f = category(from);
        int t = category(to);
        if (f == t) {
            return out; // int-like to int-like: the same on the stack
        }
        int[][] opcodes = {
            // to:   I, J, F, D
            {0, Opcodes.I2L, Opcodes.I2F, Opcodes.I2D},      // from I
            {Opcodes.L2I, 0, Opcodes.L2F, Opcodes.L2D},      // from J
            {Opcodes.F2I, Opcodes.F2L, 0, Opcodes.F2D},      // from F
            {Opcodes.D2I, Opcodes.D2L, Opcodes.D2F, 0},      // from D
        };
        out.add(new InsnNode(opcodes[f][t]));
        return out;
    }

    private static int category(Type t) {
        return switch (t.getSort()) {
            case Type.LONG -> 1;
            case Type.FLOAT -> 2;
            case Type.DOUBLE -> 3;
            default -> 0;
        };
    }

    private static Type boxOf(Type primitive) {
        return Type.getObjectType(switch (primitive.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.BYTE -> "java/lang/Byte";
            case Type.CHAR -> "java/lang/Character";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.LONG -> "java/lang/Long";
            case Type.FLOAT -> "java/lang/Float";
            case Type.DOUBLE -> "java/lang/Double";
            default -> throw new IllegalArgumentException(primitive.toString());
        });
    }

    private static Type unboxedOf(Type reference) {
        return switch (reference.getInternalName()) {
            case "java/lang/Boolean" -> Type.BOOLEAN_TYPE;
            case "java/lang/Byte" -> Type.BYTE_TYPE;
            case "java/lang/Character" -> Type.CHAR_TYPE;
            case "java/lang/Short" -> Type.SHORT_TYPE;
            case "java/lang/Integer" -> Type.INT_TYPE;
            case "java/lang/Long" -> Type.LONG_TYPE;
            case "java/lang/Float" -> Type.FLOAT_TYPE;
            case "java/lang/Double" -> Type.DOUBLE_TYPE;
            default -> null;
        };
    }

    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof org.objectweb.asm.tree.LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }
}
