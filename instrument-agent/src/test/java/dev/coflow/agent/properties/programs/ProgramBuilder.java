package dev.coflow.agent.properties.programs;

import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.HierarchyClassWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Builds a class from a list of {@link Op}s: static methods {@code m0..mK} (an op {@code METHOD}
 * starts the next one, at most {@value #MAX_METHODS}) and an entry {@code static Object run()} that
 * calls {@code m0(DEPTH)} and boxes its result; or the same as instance methods of objects with a tag,
 * whose calls run on {@code this} or on another receiver ({@link #build(List, Flavor, ClassHierarchy, boolean)}).
 *
 * <p>Values are of every primitive kind ({@code boolean}, {@code byte}, {@code char} and {@code short}
 * computed as {@code int} and narrowed back), {@code String}, {@code int[]} and {@code String[]} (possibly
 * null). Control flow: if/else, counted loops, {@code tableswitch} and {@code lookupswitch} with breaks
 * and fall-through, try/catch and javac-style try/finally (the finally code copied on the normal path
 * and in a catch-all handler, both possibly yielding), nested in any order.
 *
 * <p>Each method takes its generated parameters (any of the value kinds) plus a last
 * {@code int depth}; a call to a method that is not a later one runs only while {@code depth > 0} and
 * passes {@code depth - 1}, so recursion is bounded; each method ends by calling the next one, so all
 * of them run. Every method has the locals {@code int, int, long, double, String, float} (the String
 * starts {@code null} in odd methods), and one of each other kind. The ops are interpreted against a model of the operand stack,
 * so values stay on the stack across yields and calls, and a {@code new StringBuilder; dup} can stay
 * open across them; blocks (if/else, loops, try/catch) are entered and left with an empty stack, whose
 * values are recorded first. At every method entry and loop iteration the program calls
 * {@link Trace#tick()}.
 *
 * <p>The two flavors differ only where a program yields: {@link Flavor#PLAIN} calls
 * {@link PlainYield}, {@link Flavor#REWRITTEN} calls {@code dev.coflow.Coroutines.yield} and marks
 * every method {@code @Coroutine}, for the rewriter; and where it delegates ({@code YIELD_FROM}):
 * PLAIN calls the method, REWRITTEN runs it as a coroutine of its own through {@code yieldFrom}.
 */
public final class ProgramBuilder {
    /** The internal name of every generated class (each is defined in a loader of its own). */
    public static final String PROGRAM = "dev/coflow/agent/properties/generated/Program";
    public static final int MAX_METHODS = 5;
    /** The depth {@code run()} passes to {@code m0}. */
    public static final int DEPTH = 2;

    /** Where yield points go. */
    public enum Flavor { PLAIN, REWRITTEN }

    private static final Type OBJECT = Type.getType(Object.class);
    private static final Type STRING_TYPE = Type.getType(String.class);
    private static final Type STRING_BUILDER = Type.getType(StringBuilder.class);
    private static final Type NUMBER = Type.getType(Number.class);
    private static final Type TRACE = Type.getType(Trace.class);
    private static final Type VALUES = Type.getType(Values.class);
    private static final Type INT_ARRAY_TYPE = Type.getType(int[].class);
    private static final Type STRING_ARRAY_TYPE = Type.getType(String[].class);
    /** The keys a {@code lookupswitch} picks from (the selector is an int local {@code % 5}, so -4..4). */
    private static final int[] SPARSE_KEYS = {-1000, -3, 0, 2, 4, 77};
    private static final Type PLAIN_YIELD = Type.getType(PlainYield.class);
    private static final Type COROUTINES = Type.getObjectType("dev/coflow/Coroutines");
    private static final Type[] CATCH_TYPES = {
        Type.getType(ProgramFailure.class), Type.getType(RuntimeException.class), Type.getType(Throwable.class)};
    private static final Handle METAFACTORY = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false);
    private static final String COROUTINE_ANNOTATION = "Ldev/coflow/Coroutine;";
    /** The local slot {@code PARK} ops share, whatever the type of the value; far above the sorted locals. */
    private static final int PARKING_SLOT = 300;
    /**
     * The slot a {@code NEW_BEGIN} of the stored shape keeps its object in ({@code new; astore; aload; aload}, as a
     * bytecode generator may write it; javac and kotlinc keep a copy on the stack): far above the sorted locals.
     */
    private static final int STORED_NEW_SLOT = 301;
    /**
     * Marks {@code new StringBuilder; dup}, or its stored shape, (two uninitialised references) on the modelled stack.
     */
    private static final Object UNINITIALIZED = new Object();

    private ProgramBuilder() {
    }

    /**
     * The kinds of values a program computes with: every primitive kind (the int-like ones are computed
     * as {@code int} and narrowed back, as javac does), {@code String}, and two array types.
     */
    enum ValueType {
        INT(Type.INT_TYPE), LONG(Type.LONG_TYPE), DOUBLE(Type.DOUBLE_TYPE), STRING(STRING_TYPE), FLOAT(Type.FLOAT_TYPE),
        BOOLEAN(Type.BOOLEAN_TYPE), BYTE(Type.BYTE_TYPE), CHAR(Type.CHAR_TYPE), SHORT(Type.SHORT_TYPE),
        INT_ARRAY(INT_ARRAY_TYPE), STRING_ARRAY(STRING_ARRAY_TYPE);

        final Type asm;

        ValueType(Type asm) {
            this.asm = asm;
        }

        boolean intLike() {
            return this == BOOLEAN || this == BYTE || this == CHAR || this == SHORT;
        }

        boolean array() {
            return this == INT_ARRAY || this == STRING_ARRAY;
        }

        boolean reference() {
            return this == STRING || array();
        }

        /** The type its arithmetic and conversions compute in. */
        ValueType computational() {
            return intLike() ? INT : this;
        }

        ValueType element() {
            return this == INT_ARRAY ? INT : STRING;
        }

        static ValueType of(int selector) {
            return values()[Math.floorMod(selector, values().length)];
        }
    }

    /** A generated method's generated parameters and return type ({@code null}: void); the depth is added. */
    record Signature(List<ValueType> parameters, ValueType returnType) {
        String descriptor() {
            StringBuilder d = new StringBuilder("(");
            parameters.forEach(p -> d.append(p.asm.getDescriptor()));
            d.append("I)").append(returnType == null ? "V" : returnType.asm.getDescriptor());
            return d.toString();
        }

        static Signature of(Op op) {
            int count = Math.floorMod(op.a(), 4);
            List<ValueType> parameters = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                parameters.add(ValueType.of((op.a() >> 2) + op.b() + k));
            }
            int r = Math.floorMod(op.b(), ValueType.values().length + 1);
            return new Signature(parameters, r == ValueType.values().length ? null : ValueType.values()[r]);
        }
    }

    /** The body of the lambda a delegation creates its coroutine with: it calls {@code m<target>}. */
    private record Lambda(String name, int target, String descriptor) {
    }

    /** An op with its position in the list, which becomes its line number. */
    private record Step(int line, Op op) {
    }

    /** Builds the class with static methods; frames are computed with {@code hierarchy}. */
    public static byte[] build(List<Op> ops, Flavor flavor, ClassHierarchy hierarchy) {
        return build(ops, flavor, hierarchy, false);
    }

    /** The descriptor of {@code Program.other}, which makes the receiver of an instance call that is not {@code this}. */
    private static final String OTHER_DESCRIPTOR = "(L" + PROGRAM + ";I)L" + PROGRAM + ";";

    /**
     * Builds the class; frames are computed with {@code hierarchy}. With {@code instance} the methods are instance
     * methods of {@code Program}, which has an {@code int tag}: a call runs on {@code this} or, when its {@code b} is
     * odd, on a new {@code Program} whose tag is made from this one's ({@code other}), and after every call the
     * caller records its own tag. A rebuilt chain's frames then serve other receivers call after call, and a
     * frame resumed with the wrong one records another tag. {@code Program} is final when the program has an even
     * number of ops (calls go to the bodies) and open when odd (calls go through the virtual entries).
     */
    public static byte[] build(List<Op> ops, Flavor flavor, ClassHierarchy hierarchy, boolean instance) {
        List<List<Step>> bodies = new ArrayList<>();
        List<Signature> signatures = new ArrayList<>();
        bodies.add(new ArrayList<>());
        signatures.add(new Signature(List.of(), ValueType.INT));
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.kind() == Op.Kind.METHOD) {
                if (bodies.size() < MAX_METHODS) {
                    bodies.add(new ArrayList<>());
                    signatures.add(Signature.of(op));
                }
                continue;
            }
            bodies.get(bodies.size() - 1).add(new Step(i + 1, op));
        }

        ClassNode node = new ClassNode();
        // instance methods of a final class are called at their bodies (DirectCallPass); of an open class, through
        // virtual entries: on this, the class's own entry, on another object, the call site. Half the programs each.
        boolean open = instance && ops.size() % 2 == 1;
        node.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | (open ? 0 : Opcodes.ACC_FINAL) | Opcodes.ACC_SUPER, PROGRAM, null,
                "java/lang/Object", null);
        node.visitSource("Program.java", null);
        if (instance) {
            receiverMembers(node);
        }
        List<Lambda> lambdas = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            MethodNode method = method(node, "m" + i, signatures.get(i).descriptor(), flavor, instance);
            new MethodGen(method, i, signatures, flavor, lambdas, instance).emit(bodies.get(i));
        }
        for (Lambda lambda : lambdas) {
            // not annotated: the rewriter takes a synthetic lambda$ method that has a suspension point
            MethodVisitor mv = node.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    lambda.name(), lambda.descriptor(), null, null);
            GeneratorAdapter body = new GeneratorAdapter(mv, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, lambda.name(), lambda.descriptor());
            body.visitCode();
            body.loadArgs(); // the receiver first, for an instance method
            Signature callee = signatures.get(lambda.target());
            invokeGenerated(body, lambda.target(), callee, instance);
            if (callee.returnType() == null) {
                body.push((String) null);
            } else {
                body.valueOf(callee.returnType().asm);
            }
            body.returnValue();
            body.endMethod();
        }
        helper(node, flavor, instance);
        MethodNode run = method(node, "run", "()Ljava/lang/Object;", flavor, false);
        GeneratorAdapter ga = new GeneratorAdapter(run, run.access, run.name, run.desc);
        ga.visitCode();
        if (instance) {
            ga.newInstance(Type.getObjectType(PROGRAM));
            ga.dup();
            ga.push(1);
            ga.invokeConstructor(Type.getObjectType(PROGRAM), Method.getMethod("void <init>(int)"));
        }
        ga.push(DEPTH);
        invokeGenerated(ga, 0, signatures.get(0), instance);
        ga.valueOf(signatures.get(0).returnType().asm);
        ga.returnValue();
        ga.endMethod();
        node.visitEnd();

        HierarchyClassWriter writer = new HierarchyClassWriter(hierarchy);
        node.accept(writer);
        return writer.toByteArray();
    }

    private static final Method HELPER = Method.getMethod("int helper(int)");

    /**
     * {@code int helper(int x) { return x * 31 + tag; }} ({@code + 7} for static methods): a coroutine method (in the
     * REWRITTEN flavor) that makes no call and never yields, which the rewriter leaves as it is.
     */
    private static void helper(ClassNode node, Flavor flavor, boolean instance) {
        MethodNode helper = method(node, HELPER.getName(), HELPER.getDescriptor(), flavor, instance);
        GeneratorAdapter ga = new GeneratorAdapter(helper, helper.access, helper.name, helper.desc);
        ga.visitCode();
        ga.loadArg(0);
        ga.push(31);
        ga.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        if (instance) {
            ga.loadThis();
            ga.getField(Type.getObjectType(PROGRAM), "tag", Type.INT_TYPE);
        } else {
            ga.push(7);
        }
        ga.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        ga.returnValue();
        ga.endMethod();
    }

    /** Calls generated method {@code m<target>}: on the receiver under its arguments, or statically. */
    private static void invokeGenerated(GeneratorAdapter ga, int target, Signature callee, boolean instance) {
        Method method = new Method("m" + target, callee.descriptor());
        if (instance) {
            ga.invokeVirtual(Type.getObjectType(PROGRAM), method);
        } else {
            ga.invokeStatic(Type.getObjectType(PROGRAM), method);
        }
    }

    /** {@code final int tag}, the constructor {@code Program(int tag)} and {@code static Program other(Program p, int b)}. */
    private static void receiverMembers(ClassNode node) {
        node.visitField(Opcodes.ACC_FINAL, "tag", "I", null, null).visitEnd();
        MethodVisitor init = node.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(I)V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ILOAD, 1);
        init.visitFieldInsn(Opcodes.PUTFIELD, PROGRAM, "tag", "I");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(2, 2);
        init.visitEnd();
        // other(p, b) = new Program(p.tag * 3 + (b & 3) + 1)
        MethodVisitor other = node.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "other", OTHER_DESCRIPTOR, null, null);
        other.visitCode();
        other.visitTypeInsn(Opcodes.NEW, PROGRAM);
        other.visitInsn(Opcodes.DUP);
        other.visitVarInsn(Opcodes.ALOAD, 0);
        other.visitFieldInsn(Opcodes.GETFIELD, PROGRAM, "tag", "I");
        other.visitInsn(Opcodes.ICONST_3);
        other.visitInsn(Opcodes.IMUL);
        other.visitVarInsn(Opcodes.ILOAD, 1);
        other.visitInsn(Opcodes.ICONST_3);
        other.visitInsn(Opcodes.IAND);
        other.visitInsn(Opcodes.IADD);
        other.visitInsn(Opcodes.ICONST_1);
        other.visitInsn(Opcodes.IADD);
        other.visitMethodInsn(Opcodes.INVOKESPECIAL, PROGRAM, "<init>", "(I)V", false);
        other.visitInsn(Opcodes.ARETURN);
        other.visitMaxs(4, 2);
        other.visitEnd();
    }

    private static MethodNode method(ClassNode node, String name, String descriptor, Flavor flavor, boolean instance) {
        int access = instance ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC;
        MethodNode method = (MethodNode) node.visitMethod(access, name, descriptor, null, null);
        if (flavor == Flavor.REWRITTEN) {
            method.visitAnnotation(COROUTINE_ANNOTATION, true).visitEnd();
        }
        return method;
    }

    /** Emits one generated method. */
    private static final class MethodGen {
        private final GeneratorAdapter ga;
        /** The method {@link #ga} writes to, for the instructions that must bypass its local variable sorter. */
        private final MethodNode method;
        private final int index;
        private final List<Signature> signatures;
        private final Signature signature;
        private final Flavor flavor;
        private final int depthArgument;
        /** Parameters (as {@code -1 - argument}) and locals (as their {@code newLocal} ids), with their types. */
        private final List<Integer> variables = new ArrayList<>();
        private final List<ValueType> variableTypes = new ArrayList<>();
        /** The modelled operand stack: {@link ValueType}s and {@link #UNINITIALIZED} markers. */
        private final List<Object> stack = new ArrayList<>();
        private final Deque<Block> blocks = new ArrayDeque<>();
        /** The lambda bodies of the delegations made so far, in the whole class. */
        private final List<Lambda> lambdas;
        /** Whether the methods are instance methods ({@link ProgramBuilder#build(List, Flavor, ClassHierarchy, boolean)}). */
        private final boolean instance;
        private int line;

        MethodGen(MethodNode method, int index, List<Signature> signatures, Flavor flavor, List<Lambda> lambdas, boolean instance) {
            this.ga = new GeneratorAdapter(method, method.access, method.name, method.desc);
            this.method = method;
            this.index = index;
            this.signatures = signatures;
            this.signature = signatures.get(index);
            this.flavor = flavor;
            this.depthArgument = signature.parameters().size();
            this.lambdas = lambdas;
            this.instance = instance;
        }

        void emit(List<Step> steps) {
            ga.visitCode();
            tick();
            for (int k = 0; k < signature.parameters().size(); k++) {
                variables.add(-1 - k);
                variableTypes.add(signature.parameters().get(k));
            }
            int n = index + 1;
            declare(ValueType.INT, () -> ga.push(n));
            declare(ValueType.INT, () -> ga.push(7 * n));
            declare(ValueType.LONG, () -> ga.push(1000L * n + 3));
            declare(ValueType.DOUBLE, () -> ga.push(0.5 * n));
            declare(ValueType.STRING, () -> ga.push(n % 2 == 0 ? null : "m" + index));
            declare(ValueType.FLOAT, () -> ga.push(0.25f * n));
            declare(ValueType.BOOLEAN, () -> ga.push(n % 2 == 1));
            declare(ValueType.BYTE, () -> ga.push((int) (byte) (-37 * n)));
            declare(ValueType.CHAR, () -> ga.push((int) (char) ('a' + n)));
            declare(ValueType.SHORT, () -> ga.push((int) (short) (-3000 * n)));
            declare(ValueType.INT_ARRAY, () -> {
                ga.push(n);
                ga.invokeStatic(VALUES, Method.getMethod("int[] ints(int)"));
            });
            declare(ValueType.STRING_ARRAY, () -> {
                if (n % 2 == 0) {
                    ga.push((String) null);
                } else {
                    ga.push("a" + index);
                    ga.invokeStatic(VALUES, Method.getMethod("String[] strings(String)"));
                }
            });
            for (Step step : steps) {
                line = step.line();
                ga.visitLineNumber(line, ga.mark());
                op(step.op());
            }
            while (!blocks.isEmpty()) {
                end(0);
            }
            if (index + 1 < signatures.size()) {
                call(index + 1, index, false); // every method is reached
            }
            flush();
            ValueType r = signature.returnType();
            if (r != null) {
                load(variableOf(r, index));
            }
            ga.returnValue();
            ga.endMethod();
        }

        private void declare(ValueType type, Runnable initialValue) {
            int local = ga.newLocal(type.asm);
            initialValue.run();
            ga.storeLocal(local);
            variables.add(local);
            variableTypes.add(type);
        }

        private void op(Op op) {
            int a = op.a();
            int b = op.b();
            switch (op.kind()) {
                case CONST -> pushConstant(ValueType.of(a), b);
                case LOAD -> load(Math.floorMod(a, variables.size()));
                case STORE -> {
                    if (available() > 0) {
                        store(variableOf(top(), a));
                    }
                }
                case ARITH -> arithmetic(a, b);
                case CONVERT -> {
                    if (available() == 0) {
                        pushConstant(ValueType.INT, b);
                    }
                    convert(ValueType.of(a));
                }
                case YIELD -> yieldPoint(a, b);
                case CALL -> call(Math.floorMod(a, signatures.size()), b, false);
                case YIELD_FROM -> call(Math.floorMod(a, signatures.size()), b, true);
                case SHUFFLE -> shuffle(a);
                case HELPER -> {
                    if (instance) {
                        ga.loadThis();
                    }
                    loadInt(a);
                    if (instance) {
                        ga.invokeVirtual(Type.getObjectType(PROGRAM), HELPER);
                    } else {
                        ga.invokeStatic(Type.getObjectType(PROGRAM), HELPER);
                    }
                    stack.add(ValueType.INT);
                }
                case PARK -> park(a, b);
                case RECORD -> {
                    if (available() == 0) {
                        ga.push("r" + line);
                        stack.add(ValueType.STRING);
                    }
                    record();
                }
                case NEW_BEGIN -> {
                    ga.newInstance(STRING_BUILDER);
                    if (Op.storedNew(a)) {
                        // past the local variable sorter, as PARK does: an uninitialised reference in a local
                        method.visitVarInsn(Opcodes.ASTORE, STORED_NEW_SLOT);
                        method.visitVarInsn(Opcodes.ALOAD, STORED_NEW_SLOT);
                        method.visitVarInsn(Opcodes.ALOAD, STORED_NEW_SLOT);
                    } else {
                        ga.dup();
                    }
                    stack.add(UNINITIALIZED);
                }
                case NEW_END -> {
                    if (stack.contains(UNINITIALIZED)) {
                        finishNew(b);
                    }
                }
                case IF -> {
                    flush();
                    IfBlock block = new IfBlock();
                    loadInt(a);
                    ga.push(3);
                    ga.math(GeneratorAdapter.REM, Type.INT_TYPE);
                    ga.push(Math.floorMod(b, 2));
                    ga.ifICmp(GeneratorAdapter.LE, block.otherwise);
                    blocks.push(block);
                }
                case ELSE -> {
                    if (blocks.peek() instanceof IfBlock block && !block.inElse) {
                        flush();
                        ga.goTo(block.end);
                        ga.mark(block.otherwise);
                        block.inElse = true;
                    }
                }
                case LOOP -> {
                    flush();
                    LoopBlock block = new LoopBlock(ga.newLocal(Type.INT_TYPE));
                    ga.push(0);
                    ga.storeLocal(block.counter);
                    ga.mark(block.head);
                    ga.loadLocal(block.counter);
                    ga.push(Math.floorMod(a, 4));
                    ga.ifICmp(GeneratorAdapter.GE, block.exit);
                    tick();
                    blocks.push(block);
                }
                case TRY -> {
                    flush();
                    TryBlock block = new TryBlock(CATCH_TYPES[Math.floorMod(a, CATCH_TYPES.length)]);
                    ga.mark(block.start);
                    ga.push("try" + line);
                    stack.add(ValueType.STRING);
                    record();
                    blocks.push(block);
                }
                case CATCH -> {
                    if (blocks.peek() instanceof TryBlock block && block.exception < 0) {
                        startHandler(block);
                    }
                }
                case END -> {
                    if (!blocks.isEmpty()) {
                        end(b);
                    }
                }
                case THROW -> {
                    Label skip = new Label();
                    loadInt(a);
                    ga.push(4);
                    ga.math(GeneratorAdapter.REM, Type.INT_TYPE);
                    ga.push(Math.floorMod(b, 4));
                    ga.ifICmp(GeneratorAdapter.NE, skip);
                    ga.throwException(CATCH_TYPES[0], "m" + index + "@" + line);
                    ga.mark(skip);
                }
                case RETURN -> {
                    Label skip = new Label();
                    loadInt(a);
                    ga.push(4);
                    ga.math(GeneratorAdapter.REM, Type.INT_TYPE);
                    ga.push(Math.floorMod(b, 4));
                    ga.ifICmp(GeneratorAdapter.NE, skip);
                    if (signature.returnType() != null) {
                        ga.push(0); // a value below the returned one: the stack need not be empty at a return
                        loadRaw(variableOf(signature.returnType(), b));
                    }
                    ga.returnValue();
                    ga.mark(skip);
                }
                case SWITCH -> startSwitch(a, b);
                case CASE -> {
                    if (blocks.peek() instanceof SwitchBlock block && !block.inDefault) {
                        nextCase(block, Math.floorMod(b, 2) == 1);
                    }
                }
                case FINALLY -> {
                    flush();
                    FinallyBlock block = new FinallyBlock(Math.floorMod(b, 2) == 1, Math.floorMod(a, 2) == 1);
                    ga.mark(block.start);
                    ga.push("fin-try" + line);
                    stack.add(ValueType.STRING);
                    record();
                    blocks.push(block);
                }
                case ELEMENT -> element(a, b);
                case METHOD -> throw new IllegalStateException("METHOD ops are split off before");
            }
        }

        // ------------------------------------------------------------ blocks

        private abstract static class Block {
        }

        private static final class IfBlock extends Block {
            final Label otherwise = new Label();
            final Label end = new Label();
            boolean inElse;
        }

        private static final class LoopBlock extends Block {
            final int counter;
            final Label head = new Label();
            final Label exit = new Label();

            LoopBlock(int counter) {
                this.counter = counter;
            }
        }

        /** A {@code switch}: its case labels are marked one by one as {@code CASE} ops come, the rest at its end. */
        private static final class SwitchBlock extends Block {
            final Label[] cases;
            final Label otherwise = new Label();
            final Label end = new Label();
            int next = 1;
            boolean inDefault;

            SwitchBlock(int count) {
                cases = new Label[count];
                for (int i = 0; i < count; i++) {
                    cases[i] = new Label();
                }
            }
        }

        /**
         * {@code try {} finally {}}: the finally code is emitted twice when the block ends. A {@code shadowed} block also
         * has the Eclipse compiler's odd entry (its {@code MatchException} handler shared by a finally block's copies): a
         * second entry over the try range, behind the catch-all, so never dispatched to, whose handler code (a rethrow)
         * is covered by a catch-all of its own that reads every variable. The JVM's verifier still merges the try
         * range's frames into both, so every variable must be set wherever the try range may resume.
         */
        private static final class FinallyBlock extends Block {
            final boolean yields;
            final boolean shadowed;
            final Label start = new Label();
            final Label end = new Label();
            final Label after = new Label();

            FinallyBlock(boolean yields, boolean shadowed) {
                this.yields = yields;
                this.shadowed = shadowed;
            }
        }

        private static final class TryBlock extends Block {
            final Type caught;
            final Label start = new Label();
            final Label end = new Label();
            final Label after = new Label();
            /** The local holding the caught exception, once the handler has begun. */
            int exception = -1;

            TryBlock(Type caught) {
                this.caught = caught;
            }
        }

        private void end(int b) {
            Block top = blocks.peek();
            if (top instanceof TryBlock block && block.exception < 0) {
                startHandler(block);
            }
            flush();
            blocks.pop();
            if (top instanceof IfBlock block) {
                if (!block.inElse) {
                    ga.mark(block.otherwise);
                }
                ga.mark(block.end);
            } else if (top instanceof LoopBlock block) {
                ga.iinc(block.counter, 1);
                ga.goTo(block.head);
                ga.mark(block.exit);
            } else if (top instanceof SwitchBlock block) {
                ga.goTo(block.end);
                while (block.next < block.cases.length) {
                    ga.mark(block.cases[block.next++]);
                }
                if (!block.inDefault) {
                    ga.mark(block.otherwise);
                }
                ga.mark(block.end);
            } else if (top instanceof FinallyBlock block) {
                ga.mark(block.end);
                finallyCode(block, "normal");
                ga.goTo(block.after);
                ga.catchException(block.start, block.end, null);
                int exception = ga.newLocal(Type.getType(Throwable.class));
                ga.storeLocal(exception);
                finallyCode(block, "exceptional");
                ga.loadLocal(exception);
                ga.throwException();
                if (block.shadowed) {
                    shadowedHandler(block);
                }
                ga.mark(block.after);
            } else if (top instanceof TryBlock block) {
                // the caught exception stays live through the handler: record its message again at its end
                ga.loadLocal(block.exception);
                ga.invokeVirtual(Type.getType(Throwable.class), Method.getMethod("String getMessage()"));
                stack.add(ValueType.STRING);
                record();
                if (Math.floorMod(b, 2) == 1) {
                    // rethrow, as a finally block's catch-all copy does
                    ga.loadLocal(block.exception);
                    ga.throwException();
                }
                ga.mark(block.after);
            }
        }

        /**
         * After a shadowed finally block's catch-all: the entry behind it and its handler (a rethrow), and the catch-all
         * over that handler, which loads every variable (all set when the method begins) and rethrows. Neither runs.
         */
        private void shadowedHandler(FinallyBlock block) {
            Label shadow = new Label();
            Label shadowEnd = new Label();
            Label reader = new Label();
            ga.visitTryCatchBlock(block.start, block.end, shadow, "java/lang/Throwable");
            ga.visitTryCatchBlock(shadow, shadowEnd, reader, null);
            ga.mark(shadow);
            ga.throwException();
            ga.mark(shadowEnd);
            ga.mark(reader);
            for (int i = 0; i < variables.size(); i++) {
                loadRaw(i);
                if (variableTypes.get(i).asm.getSize() == 2) {
                    ga.pop2();
                } else {
                    ga.pop();
                }
            }
            ga.throwException();
        }

        /** {@code switch (int local a % 5)} with 2 to 4 cases, as a {@code tableswitch} or a {@code lookupswitch}. */
        private void startSwitch(int a, int b) {
            flush();
            int count = 2 + Math.floorMod(b, 3);
            SwitchBlock block = new SwitchBlock(count);
            loadInt(a);
            ga.push(5);
            ga.math(GeneratorAdapter.REM, Type.INT_TYPE);
            if (Math.floorMod(b >> 1, 2) == 0) {
                int low = Math.floorMod(b, 4) - 2;
                ga.visitTableSwitchInsn(low, low + count - 1, block.otherwise, block.cases);
            } else {
                int[] keys = new int[count];
                int first = Math.floorMod(b, SPARSE_KEYS.length - count + 1);
                System.arraycopy(SPARSE_KEYS, first, keys, 0, count);
                ga.visitLookupSwitchInsn(block.otherwise, keys, block.cases);
            }
            ga.mark(block.cases[0]);
            blocks.push(block);
        }

        /** Ends the current case's body (with a break, unless it falls through) and starts the next case, or the default. */
        private void nextCase(SwitchBlock block, boolean fallThrough) {
            flush();
            if (!fallThrough) {
                ga.goTo(block.end);
            }
            if (block.next < block.cases.length) {
                ga.mark(block.cases[block.next++]);
            } else {
                ga.mark(block.otherwise);
                block.inDefault = true;
            }
        }

        /** One copy of a finally block's code: records that it ran, and yields when the block says so. */
        private void finallyCode(FinallyBlock block, String path) {
            ga.push("finally" + line + ":" + path);
            stack.add(ValueType.STRING);
            record();
            if (block.yields) {
                ga.push("fin" + line);
                stack.add(ValueType.STRING);
                yieldValue(true, ValueType.INT);
                record();
            }
        }

        private void startHandler(TryBlock block) {
            flush();
            ga.mark(block.end);
            ga.goTo(block.after);
            ga.catchException(block.start, block.end, block.caught);
            block.exception = ga.newLocal(block.caught);
            ga.storeLocal(block.exception);
            ga.loadLocal(block.exception);
            ga.invokeStatic(TRACE, Method.getMethod("void caught(Throwable)"));
        }

        // ------------------------------------------------------------ values

        private int available() {
            int n = 0;
            for (int i = stack.size() - 1; i >= 0 && stack.get(i) != UNINITIALIZED; i--) {
                n++;
            }
            return n;
        }

        private ValueType top() {
            return (ValueType) stack.get(stack.size() - 1);
        }

        private ValueType pop() {
            return (ValueType) stack.remove(stack.size() - 1);
        }

        /** The index in {@link #variables} of variable number {@code selector} among those of {@code type}. */
        private int variableOf(ValueType type, int selector) {
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < variables.size(); i++) {
                if (variableTypes.get(i) == type) {
                    candidates.add(i);
                }
            }
            return candidates.get(Math.floorMod(selector, candidates.size()));
        }

        private void load(int variable) {
            loadRaw(variable);
            stack.add(variableTypes.get(variable));
        }

        private void loadRaw(int variable) {
            int v = variables.get(variable);
            if (v < 0) {
                ga.loadArg(-1 - v);
            } else {
                ga.loadLocal(v);
            }
        }

        private void loadInt(int selector) {
            loadRaw(variableOf(ValueType.INT, selector));
        }

        private void store(int variable) {
            pop();
            int v = variables.get(variable);
            if (v < 0) {
                ga.storeArg(-1 - v);
            } else {
                ga.storeLocal(v);
            }
        }

        private void pushConstant(ValueType type, int b) {
            switch (type) {
                case INT -> ga.push(b);
                case LONG -> ga.push(b * 1_000_000_007L);
                case DOUBLE -> ga.push(b == 0 ? 0.0 : switch (Math.floorMod(b, 11)) {
                    case 1 -> Double.NaN;
                    case 2 -> -0.0;
                    case 3 -> Double.NEGATIVE_INFINITY;
                    default -> b / 4.0;
                });
                case STRING -> ga.push(Math.floorMod(b, 5) == 1 ? null : "s" + b);
                case FLOAT -> ga.push(b == 0 ? 0.0f : switch (Math.floorMod(b, 11)) {
                    case 1 -> Float.NaN;
                    case 2 -> -0.0f;
                    case 3 -> Float.POSITIVE_INFINITY;
                    default -> b / 8.0f;
                });
                case BOOLEAN -> ga.push(Math.floorMod(b, 2) == 1);
                case BYTE -> ga.push((int) (byte) (b * 29));
                case CHAR -> ga.push((int) (char) (b * 4099));
                case SHORT -> ga.push((int) (short) (b * 3001));
                case INT_ARRAY -> {
                    ga.push(b);
                    ga.invokeStatic(VALUES, Method.getMethod("int[] ints(int)"));
                }
                case STRING_ARRAY -> {
                    if (Math.floorMod(b, 5) == 1) {
                        ga.push((String) null);
                    } else {
                        ga.push("e" + b);
                        ga.invokeStatic(VALUES, Method.getMethod("String[] strings(String)"));
                    }
                }
            }
            stack.add(type);
        }

        /** Boxes the top value (a String or an array stays as it is). */
        private void box(ValueType type) {
            if (!type.reference()) {
                ga.valueOf(type.asm);
            }
        }

        private void record() {
            box(pop());
            ga.invokeStatic(TRACE, Method.getMethod("void record(Object)"));
        }

        /** Records every value on the stack, finishing the objects under construction on the way. */
        private void flush() {
            while (!stack.isEmpty()) {
                if (stack.get(stack.size() - 1) == UNINITIALIZED) {
                    finishNew(line);
                } else {
                    record();
                }
            }
        }

        private void convert(ValueType to) {
            ValueType from = pop();
            convert(from, to);
            stack.add(to);
        }

        /** Converts the top value of type {@code from} to {@code to}, bytecode only (the model is the caller's). */
        private void convert(ValueType from, ValueType to) {
            if (from == to) {
                return;
            }
            if (to == ValueType.STRING) {
                if (from.array()) {
                    ga.invokeStatic(VALUES, Method.getMethod("String text(Object)"));
                } else {
                    box(from);
                    stringValueOf();
                }
            } else if (to.array()) {
                convert(from, to.element());
                ga.invokeStatic(VALUES, to == ValueType.INT_ARRAY ? Method.getMethod("int[] ints(int)")
                        : Method.getMethod("String[] strings(String)"));
            } else if (from == ValueType.STRING) {
                stringValueOf();
                if (to == ValueType.LONG) {
                    ga.invokeVirtual(STRING_TYPE, Method.getMethod("int hashCode()"));
                    ga.cast(Type.INT_TYPE, Type.LONG_TYPE);
                } else {
                    ga.invokeVirtual(STRING_TYPE, Method.getMethod("int length()"));
                    convert(ValueType.INT, to);
                }
            } else if (from.array()) {
                ga.invokeStatic(VALUES, Method.getMethod("int length(Object)"));
                convert(ValueType.INT, to);
            } else {
                Type f = from.computational().asm;
                Type t = to.computational().asm;
                if (!f.equals(t)) {
                    ga.cast(f, t);
                }
                narrow(to);
            }
        }

        /** An {@code int} to an int-like type, as javac's casts do ({@code boolean}: the lowest bit). */
        private void narrow(ValueType to) {
            switch (to) {
                case BYTE -> ga.visitInsn(Opcodes.I2B);
                case CHAR -> ga.visitInsn(Opcodes.I2C);
                case SHORT -> ga.visitInsn(Opcodes.I2S);
                case BOOLEAN -> {
                    ga.push(1);
                    ga.math(GeneratorAdapter.AND, Type.INT_TYPE);
                }
                default -> {
                }
            }
        }

        private void stringValueOf() {
            ga.invokeStatic(STRING_TYPE, Method.getMethod("String valueOf(Object)"));
        }

        private void arithmetic(int a, int b) {
            while (available() < 2) {
                pushConstant(available() == 0 ? ValueType.INT : top(), b);
            }
            ValueType below = (ValueType) stack.get(stack.size() - 2);
            convert(below);
            pop();
            pop();
            int kind = Math.floorMod(a, 4);
            if (below.array()) {
                Type array = below.asm;
                ga.invokeStatic(VALUES, new Method("combine", array, new Type[] {array, array}));
            } else if (below == ValueType.STRING) {
                // valueOf(s1).concat(valueOf(s2)), cut to 24 characters so loops cannot grow it without bound
                stringValueOf();
                ga.swap();
                stringValueOf();
                ga.swap();
                ga.invokeVirtual(STRING_TYPE, Method.getMethod("String concat(String)"));
                ga.dup();
                ga.invokeVirtual(STRING_TYPE, Method.getMethod("int length()"));
                ga.push(24);
                ga.invokeStatic(Type.getType(Math.class), Method.getMethod("int min(int, int)"));
                ga.push(0);
                ga.swap();
                ga.invokeVirtual(STRING_TYPE, Method.getMethod("String substring(int, int)"));
            } else {
                int[] ops = below == ValueType.DOUBLE || below == ValueType.FLOAT
                        ? new int[] {GeneratorAdapter.ADD, GeneratorAdapter.SUB, GeneratorAdapter.MUL, GeneratorAdapter.DIV}
                        : new int[] {GeneratorAdapter.ADD, GeneratorAdapter.SUB, GeneratorAdapter.MUL, GeneratorAdapter.XOR};
                ga.math(ops[kind], below.computational().asm);
                narrow(below);
            }
            stack.add(below);
        }

        /** The constructor call of the innermost open {@code new StringBuilder}: its argument is the value just above it. */
        private void finishNew(int b) {
            while (available() > 1) {
                record();
            }
            if (available() == 0) {
                pushConstant(ValueType.STRING, b);
            } else {
                convert(ValueType.STRING);
            }
            pop();
            stringValueOf();
            ga.invokeConstructor(STRING_BUILDER, Method.getMethod("void <init>(String)"));
            stack.remove(stack.size() - 1);
            ga.push("+");
            ga.invokeVirtual(STRING_BUILDER, Method.getMethod("StringBuilder append(String)"));
            ga.invokeVirtual(STRING_BUILDER, Method.getMethod("String toString()"));
            stack.add(ValueType.STRING);
        }

        /**
         * Stores the top value in {@link #PARKING_SLOT}, a slot shared by values of every type (as javac
         * reuses the slots of variables whose scopes ended), yields, and loads it back. The slot is
         * written past the local variable sorter, and is above 255, so it takes {@code wide} loads and stores.
         */
        private void park(int a, int b) {
            if (available() == 0) {
                pushConstant(ValueType.of(a), b);
            }
            ValueType parked = pop();
            MethodVisitor raw = method;
            raw.visitVarInsn(parked.asm.getOpcode(Opcodes.ISTORE), PARKING_SLOT);
            ga.push(b);
            ga.valueOf(Type.INT_TYPE);
            ga.invokeStatic(flavor == Flavor.PLAIN ? PLAIN_YIELD : COROUTINES, Method.getMethod("Object yield(Object)"));
            ga.pop();
            raw.visitVarInsn(parked.asm.getOpcode(Opcodes.ILOAD), PARKING_SLOT);
            stack.add(parked);
        }

        /** {@code dup}, a copy of the top value under the one below it ({@code dup_x1} and kin), or {@code swap}. */
        private void shuffle(int a) {
            int n = available();
            if (n == 0) {
                return;
            }
            ValueType top = top();
            int kind = Math.floorMod(a, 3);
            if (kind == 0 || n == 1) {
                if (top.asm.getSize() == 2) {
                    ga.dup2();
                } else {
                    ga.dup();
                }
                stack.add(top);
                return;
            }
            ValueType below = (ValueType) stack.get(stack.size() - 2);
            if (kind == 1) {
                boolean wideTop = top.asm.getSize() == 2;
                boolean wideBelow = below.asm.getSize() == 2;
                if (wideTop) {
                    if (wideBelow) {
                        ga.dup2X2();
                    } else {
                        ga.dup2X1();
                    }
                } else if (wideBelow) {
                    ga.dupX2();
                } else {
                    ga.dupX1();
                }
                stack.add(stack.size() - 2, top);
            } else if (top.asm.getSize() == 1 && below.asm.getSize() == 1) {
                ga.swap();
                stack.set(stack.size() - 1, below);
                stack.set(stack.size() - 2, top);
            }
        }

        private void yieldPoint(int a, int b) {
            boolean withValue = Math.floorMod(b, 4) != 3;
            if (withValue && available() == 0) {
                pushConstant(ValueType.INT, a);
            }
            int use = Math.floorMod(a, ValueType.values().length + 1);
            yieldValue(withValue, use == ValueType.values().length ? null : ValueType.values()[use]);
        }

        /**
         * A yield of the top value (or of nothing); the value sent in (an {@code Integer}) becomes a value
         * of type {@code use} on the stack, or is dropped when {@code use} is null.
         */
        private void yieldValue(boolean withValue, ValueType use) {
            Type owner = flavor == Flavor.PLAIN ? PLAIN_YIELD : COROUTINES;
            if (withValue) {
                box(pop());
                ga.invokeStatic(owner, Method.getMethod("Object yield(Object)"));
            } else {
                ga.invokeStatic(owner, Method.getMethod("Object yield()"));
            }
            if (use == null) {
                ga.pop();
                return;
            }
            if (use == ValueType.STRING) {
                stringValueOf();
            } else if (use == ValueType.LONG || use == ValueType.DOUBLE || use == ValueType.FLOAT) {
                ga.checkCast(NUMBER);
                ga.invokeVirtual(NUMBER, new Method(use.asm.getClassName() + "Value", use.asm, new Type[0]));
            } else {
                ga.checkCast(NUMBER);
                ga.invokeVirtual(NUMBER, Method.getMethod("int intValue()"));
                convert(ValueType.INT, use);
            }
            stack.add(use);
        }

        /**
         * An element of the array on top (one is pushed when there is none): {@code arr[i]}, or, with
         * {@code b} odd, {@code arr[i] = <yield>} with the array and the index on the stack across the
         * yield; either way the element's value is left on the stack. The index is
         * {@code floorMod(b, length)} of a non-null array.
         */
        private void element(int a, int b) {
            if (available() == 0 || !top().array()) {
                pushConstant(Math.floorMod(a, 2) == 0 ? ValueType.INT_ARRAY : ValueType.STRING_ARRAY, b);
            }
            ValueType array = pop();
            ValueType element = array.element();
            ga.invokeStatic(VALUES, new Method("orEmpty", array.asm, new Type[] {array.asm}));
            ga.dup();
            ga.arrayLength();
            ga.push(b);
            ga.swap();
            ga.invokeStatic(Type.getType(Math.class), Method.getMethod("int floorMod(int, int)"));
            if (Math.floorMod(b, 2) == 0) {
                ga.arrayLoad(element.asm);
                stack.add(element);
                return;
            }
            stack.add(array);
            stack.add(ValueType.INT);
            ga.push(b);
            stack.add(ValueType.INT);
            yieldValue(true, element);
            ga.dupX2();
            ga.arrayStore(element.asm);
            pop();
            pop();
            pop();
            stack.add(element);
        }

        private void call(int target, int b, boolean delegate) {
            Signature callee = signatures.get(target);
            List<ValueType> parameters = callee.parameters();
            if (instance) {
                // the receiver: this, or a new Program made from this one's tag
                ga.loadThis();
                if ((b & 1) != 0) {
                    ga.push(b);
                    ga.invokeStatic(Type.getObjectType(PROGRAM), new Method("other", OTHER_DESCRIPTOR));
                }
            }
            for (int k = 0; k < parameters.size(); k++) {
                loadRaw(variableOf(parameters.get(k), b + k));
            }
            if (target > index) {
                ga.loadArg(depthArgument);
                invoke(target, delegate);
            } else {
                Label tooDeep = new Label();
                Label done = new Label();
                ga.loadArg(depthArgument);
                ga.ifZCmp(GeneratorAdapter.LE, tooDeep);
                ga.loadArg(depthArgument);
                ga.push(1);
                ga.math(GeneratorAdapter.SUB, Type.INT_TYPE);
                invoke(target, delegate);
                ga.goTo(done);
                ga.mark(tooDeep);
                for (int k = parameters.size() - 1; k >= 0; k--) {
                    if (parameters.get(k).asm.getSize() == 2) {
                        ga.pop2();
                    } else {
                        ga.pop();
                    }
                }
                if (instance) {
                    ga.pop(); // the receiver
                }
                if (callee.returnType() != null) {
                    pushConstant(callee.returnType(), b);
                    stack.remove(stack.size() - 1);
                }
                ga.mark(done);
            }
            if (instance) {
                // the caller's own receiver after the call: a frame resumed with another one records another tag
                ga.loadThis();
                ga.getField(Type.getObjectType(PROGRAM), "tag", Type.INT_TYPE);
                ga.valueOf(Type.INT_TYPE);
                ga.invokeStatic(TRACE, Method.getMethod("void record(Object)"));
            }
            if (callee.returnType() != null) {
                stack.add(callee.returnType());
            }
        }

        /**
         * Calls {@code m<target>} with its arguments on the stack: directly, or, for a delegation in the
         * REWRITTEN flavor, as {@code Coroutines.yieldFrom(Coroutines.create(() -> m<target>(arguments)))}
         * through a synthetic {@code lambda$} method, with the result unboxed. A delegate passes its
         * yields, the values sent and the exceptions thrown in straight through, so the PLAIN flavor
         * calls it directly.
         */
        private void invoke(int target, boolean delegate) {
            Signature callee = signatures.get(target);
            if (!delegate) {
                invokeGenerated(ga, target, callee, instance);
                return;
            }
            if (flavor == Flavor.PLAIN) {
                // the call, with PlainYield told where the delegation begins and ends (how it ended): closing a
                // delegation raises the exit in the delegator whatever the delegate did with it (PEP 380)
                Label start = new Label();
                Label end = new Label();
                Label handler = new Label();
                Label after = new Label();
                ga.invokeStatic(PLAIN_YIELD, Method.getMethod("void enterDelegate()"));
                ga.mark(start);
                invokeGenerated(ga, target, callee, instance);
                ga.mark(end);
                ga.invokeStatic(PLAIN_YIELD, Method.getMethod("void returnedFromDelegate()"));
                ga.goTo(after);
                ga.mark(handler);
                ga.invokeStatic(PLAIN_YIELD, Method.getMethod("Throwable leftDelegate(Throwable)"));
                ga.throwException();
                ga.mark(after);
                // before the handlers of the blocks around the call, which are visited when their blocks end
                ga.visitTryCatchBlock(start, end, handler, null);
                return;
            }
            String captured = callee.descriptor().substring(0, callee.descriptor().indexOf(')') + 1);
            if (instance) {
                captured = "(L" + PROGRAM + ";" + captured.substring(1); // the receiver, captured first
            }
            String lambdaName = "lambda$m" + index + "$" + lambdas.size();
            Type supplierResult = Type.getMethodType(OBJECT);
            ga.invokeDynamic("get", captured + Type.getDescriptor(Supplier.class), METAFACTORY, supplierResult,
                    new Handle(Opcodes.H_INVOKESTATIC, PROGRAM, lambdaName, captured + OBJECT.getDescriptor(), false), supplierResult);
            ga.invokeStatic(COROUTINES, Method.getMethod("dev.coflow.CoroutineHandle create(java.util.function.Supplier)"));
            ga.invokeStatic(COROUTINES, Method.getMethod("Object yieldFrom(dev.coflow.CoroutineHandle)"));
            ValueType result = callee.returnType();
            if (result == null) {
                ga.pop();
            } else if (result.reference()) {
                ga.checkCast(result.asm);
            } else {
                ga.unbox(result.asm);
            }
            lambdas.add(new Lambda(lambdaName, target, captured + OBJECT.getDescriptor()));
        }

        private void tick() {
            ga.invokeStatic(TRACE, Method.getMethod("void tick()"));
        }
    }
}
