package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.AsmApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Moves {@code new C; dup} that is open across a suspension point to just before its constructor
 * call, so no uninitialised object is on the stack when the method suspends (an uninitialised
 * value cannot be saved: JVMS 4.10.1.9).
 *
 * <p><b>Requires:</b> the method's suspension points, by instruction. <b>Establishes:</b> no
 * {@code new}/{@code <init>} pair of javac's shape encloses a suspension point; returns the pairs
 * of other shapes it could not move, which the caller refuses.
 *
 * <pre>
 * before:  new Foo; dup; aload a; invokestatic Coroutines.yield; invokespecial Foo.&lt;init&gt;(LA;LObject;)V
 * after:   aload a; invokestatic Coroutines.yield; astore t1; astore t0; new Foo; dup; aload t0; aload t1;
 *          invokespecial Foo.&lt;init&gt;(LA;LObject;)V
 * </pre>
 * Observable difference, documented: {@code Foo}'s static initialiser now runs after the
 * arguments are evaluated, not before (see cases/NewWithYieldArgument).
 *
 * <p>A pair is moved when its two copies only sit on the operand stack, or are spilled to locals
 * and loaded back: javac does that for a switch expression containing {@code try} among the
 * arguments ({@code new Foo; dup; astore a; astore b; ... aload b; aload a; ...}); the stores and
 * loads of the copies go with the pair (see cases/NewWithSwitchTryArgument). The Eclipse compiler
 * makes no {@code dup} where the new object is discarded ({@code new Foo(yield(x));} as a statement:
 * {@code new Foo; ...; invokespecial}), so its one copy is moved the same way, without a {@code dup}
 * (see cases/NewUnderOtherValuesAcrossYield, compiled by ECJ in EcjCompiledCasesTest). Any other shape
 * is returned as refused (see NewHoistingPassTest).
 *
 * <p>A {@code new} and its {@code <init>} are paired by data flow, not by nesting: the receiver of the
 * constructor call is followed back through its copies (ASM's {@code SourceInterpreter}) to the one
 * {@code new} it comes from ({@link #pairs}).
 */
public final class NewHoistingPass {
    private NewHoistingPass() {
    }

    /**
     * Rewrites {@code method} (of class {@code owner}, an internal name) in place; {@code firstFreeLocal}
     * is the first local slot it may use for temporaries. Returns the constructor calls that enclose a
     * suspension point in a shape that could not be moved (empty on success) and the next free slot.
     */
    public static Result apply(String owner, MethodNode method, Set<AbstractInsnNode> suspensionPoints, int firstFreeLocal) {
        InsnList insns = method.instructions;
        Frame<SourceValue>[] sources = sources(owner, method);
        if (sources == null) {
            return new Result(List.of(), firstFreeLocal); // not analysable here: the later analyses report it
        }
        List<AbstractInsnNode> refused = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        // decided on the unmoved method for every pair first: moving changes instruction indices
        for (Pair pair : pairs(insns, sources)) {
            if (!enclosesSuspension(pair, suspensionPoints)) {
                continue;
            }
            AbstractInsnNode dup = next(pair.newInsn());
            if (dup != null && dup.getOpcode() != Opcodes.DUP) {
                dup = null; // the object is only initialised, never used after: one copy (ECJ's shape)
            }
            List<AbstractInsnNode> spills = copySpills(sources, insns, pair.newInsn(), dup, pair.init());
            if (spills == null) {
                refused.add(pair.init());
            } else {
                moves.add(new Move(pair, dup, spills));
            }
        }
        int nextLocal = firstFreeLocal;
        for (Move move : moves) {
            for (AbstractInsnNode spill : move.spills()) {
                insns.remove(spill);
            }
            MethodInsnNode init = move.pair().init();
            Type[] args = Type.getArgumentTypes(init.desc);
            int[] slots = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                slots[i] = nextLocal;
                nextLocal += args[i].getSize();
            }
            InsnList before = new InsnList();
            for (int i = args.length - 1; i >= 0; i--) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
            }
            before.add(new TypeInsnNode(Opcodes.NEW, move.pair().newInsn().desc));
            if (move.dup() != null) {
                before.add(new InsnNode(Opcodes.DUP));
            }
            for (int i = 0; i < args.length; i++) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
            }
            insns.insertBefore(init, before);
            if (move.dup() != null) {
                insns.remove(move.dup());
            }
            insns.remove(move.pair().newInsn());
        }
        return new Result(refused, nextLocal);
    }

    /** A {@code new} and the constructor call that initialises the object it made, paired by data flow ({@link #pairs}). */
    record Pair(TypeInsnNode newInsn, MethodInsnNode init) {
    }

    /** A pair to move: its {@code dup} ({@code null} when the object has one copy), and the stores and loads of its copies that go with it. */
    private record Move(Pair pair, AbstractInsnNode dup, List<AbstractInsnNode> spills) {
    }

    /**
     * Whether the two copies made by {@code newInsn} and {@code dup} (or the one copy {@code newInsn} makes,
     * when {@code dup} is {@code null}) can be moved, and if so which instructions spill them: {@code null} when
     * they cannot; else the {@code astore}s and {@code aload}s of copies to delete with the pair (empty when the
     * copies stay on the stack).
     *
     * <p>Between {@code dup} and {@code init} a copy may only be stored to a local by {@code astore}
     * and loaded back by {@code aload} (javac does this for a switch expression containing
     * {@code try} among the arguments: it spills the whole stack to locals); nothing may duplicate,
     * swap or pop one. At {@code init}, on every path, the receiver and the value below it must be
     * copies (the receiver alone, with no {@code dup}). Sources (ASM's {@code SourceInterpreter}) are those of the
     * method before any pair moves.
     */
    static List<AbstractInsnNode> copySpills(Frame<SourceValue>[] sources, InsnList insns, AbstractInsnNode newInsn,
                                                     AbstractInsnNode dup, MethodInsnNode init) {
        if (sources == null) {
            return null;
        }
        Set<AbstractInsnNode> copies = new HashSet<>(dup == null ? List.of(newInsn) : List.of(newInsn, dup));
        Set<AbstractInsnNode> stores = new HashSet<>();
        List<AbstractInsnNode> spills = new ArrayList<>();
        for (AbstractInsnNode insn = (dup == null ? newInsn : dup).getNext(); insn != null && insn != init; insn = insn.getNext()) {
            Frame<SourceValue> frame = sources[insns.indexOf(insn)];
            if (frame == null) {
                continue;
            }
            if (insn.getOpcode() == Opcodes.ALOAD && isCopy(frame.getLocal(((VarInsnNode) insn).var), stores)) {
                if (!frame.getLocal(((VarInsnNode) insn).var).insns.stream().allMatch(stores::contains)) {
                    return null; // the local holds a copy on some paths only
                }
                copies.add(insn);
                spills.add(insn);
                continue;
            }
            int touched = stackEntriesTouched(insn.getOpcode(), frame);
            for (int i = 0; i < touched; i++) {
                SourceValue value = frame.getStack(frame.getStackSize() - 1 - i);
                if (!isCopy(value, copies)) {
                    continue;
                }
                if (insn.getOpcode() != Opcodes.ASTORE || !copies.containsAll(value.insns)) {
                    return null;
                }
                stores.add(insn);
                spills.add(insn);
            }
        }
        Frame<SourceValue> atInit = sources[insns.indexOf(init)];
        int receiver = atInit == null ? -1 : atInit.getStackSize() - 1 - Type.getArgumentTypes(init.desc).length;
        if (receiver < (dup == null ? 0 : 1) || !copies.containsAll(atInit.getStack(receiver).insns)
                || (dup != null && !copies.containsAll(atInit.getStack(receiver - 1).insns))) {
            return null;
        }
        // the move makes exactly the receiver (and with a dup the copy under it) again: a copy anywhere else on the
        // stack at init (a second load of a stored copy, ASM's `new; astore; aload; aload`) would be dropped, and the
        // code after init would run on the value below it
        for (int i = 0; i < atInit.getStackSize(); i++) {
            if (i != receiver && (dup == null || i != receiver - 1) && isCopy(atInit.getStack(i), copies)) {
                return null;
            }
        }
        // every load of a spilled copy must be one we delete: no other reader of those locals
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
            Frame<SourceValue> frame = sources[insns.indexOf(insn)];
            if (frame != null && insn instanceof VarInsnNode var && var.getOpcode() >= Opcodes.ILOAD && var.getOpcode() <= Opcodes.ALOAD
                    && isCopy(frame.getLocal(var.var), stores) && !spills.contains(insn)) {
                return null;
            }
        }
        return spills;
    }

    private static boolean isCopy(SourceValue value, Set<AbstractInsnNode> producers) {
        for (AbstractInsnNode insn : value.insns) {
            if (producers.contains(insn)) {
                return true;
            }
        }
        return false;
    }

    /** How many entries at the top of {@code frame}'s stack a stack-shuffling or storing instruction reads or moves. */
    private static int stackEntriesTouched(int opcode, Frame<SourceValue> frame) {
        int size = frame.getStackSize();
        switch (opcode) {
            case Opcodes.ASTORE:
            case Opcodes.POP:
            case Opcodes.DUP:
                return 1;
            case Opcodes.SWAP:
            case Opcodes.DUP_X1:
                return 2;
            case Opcodes.POP2:
            case Opcodes.DUP2:
                return wide(frame, size, 0) ? 1 : 2;
            case Opcodes.DUP_X2:
                return wide(frame, size, 1) ? 2 : 3;
            case Opcodes.DUP2_X1:
                return wide(frame, size, 0) ? 2 : 3;
            case Opcodes.DUP2_X2:
                if (wide(frame, size, 0)) {
                    return wide(frame, size, 1) ? 2 : 3;
                }
                return wide(frame, size, 2) ? 3 : 4;
            default:
                return 0;
        }
    }

    private static boolean wide(Frame<SourceValue> frame, int size, int fromTop) {
        return size - 1 - fromTop >= 0 && frame.getStack(size - 1 - fromTop).getSize() == 2;
    }

    /** The producers of every copy of a new object, per instruction ({@link CopiesInterpreter}), or {@code null} if the method cannot be analysed. */
    static Frame<SourceValue>[] sources(String owner, MethodNode method) {
        try {
            return AsmApi.limited(new Analyzer<>(new CopiesInterpreter())).analyze(owner, method);
        } catch (AnalyzerException e) {
            return null;
        }
    }

    /**
     * ASM's {@code SourceInterpreter}, except that only a {@code new} and the copies made of what it pushed ({@code dup},
     * {@code astore}, {@code aload}, followed from value to value) keep their producers: every other value (a parameter's,
     * a local's before it is written, an exception caught, any instruction's result, a copy of such a value) is one shared
     * value of its size whose one producer is {@link #OTHER}. What this class asks of the producers (which {@code new} a
     * value is a copy of on every path, whether a local or an entry of the stack is a copy) reads only the producers of
     * copies, and takes any other producer to mean "not a copy of it", which {@link #OTHER} says as well. (A value with no
     * producer, which ASM gives a parameter, counted as no copy too; where such a value and a copy merge, the verifier
     * makes the slot unusable, so no load of a copy or constructor call reads it.) So the answers are those of every
     * producer kept ({@code CopiesInterpreterTest} compares them over the JDK's {@code java.util} and {@code java.time}),
     * while the sets stay small and a merge of two other values changes nothing. With
     * every producer kept, a javac-compiled method of 6,343 instructions, 154 locals and 126 handlers took ASM's analysis
     * 22 s and 2 GB of allocations, past ASM's compute limit of 400 MB, so the method was refused as not analysable
     * (found by SourceProgramTest, 2026-12-07; {@code NewHoistingPassTest#aLargeMethod_isAnalysedInLinearTime}).
     */
    static final class CopiesInterpreter extends SourceInterpreter {
        /** The one producer of every value that is not a copy of a new object; in no method's instructions. */
        static final AbstractInsnNode OTHER = new InsnNode(Opcodes.NOP);
        private static final SourceValue OTHER_1 = new SourceValue(1, OTHER);
        private static final SourceValue OTHER_2 = new SourceValue(2, OTHER);

        CopiesInterpreter() {
            super(AsmApi.LEVEL);
        }

        private static SourceValue other(SourceValue value) {
            return value == null ? null : value.size == 2 ? OTHER_2 : OTHER_1;
        }

        private static boolean isOther(SourceValue value) {
            return value.insns.size() == 1 && value.insns.contains(OTHER);
        }

        /** A parameter's value, a local's before it is written, an exception caught: none is a copy of a new object. */
        @Override
        public SourceValue newValue(Type type) {
            return other(super.newValue(type));
        }

        @Override
        public SourceValue newOperation(AbstractInsnNode insn) {
            SourceValue value = super.newOperation(insn);
            return insn.getOpcode() == Opcodes.NEW ? value : other(value);
        }

        @Override
        public SourceValue copyOperation(AbstractInsnNode insn, SourceValue value) {
            return isOther(value) ? other(value) : super.copyOperation(insn, value);
        }

        @Override
        public SourceValue unaryOperation(AbstractInsnNode insn, SourceValue value) {
            return other(super.unaryOperation(insn, value));
        }

        @Override
        public SourceValue binaryOperation(AbstractInsnNode insn, SourceValue value1, SourceValue value2) {
            return other(super.binaryOperation(insn, value1, value2));
        }

        @Override
        public SourceValue ternaryOperation(AbstractInsnNode insn, SourceValue value1, SourceValue value2, SourceValue value3) {
            return other(super.ternaryOperation(insn, value1, value2, value3));
        }

        @Override
        public SourceValue naryOperation(AbstractInsnNode insn, List<? extends SourceValue> values) {
            return other(super.naryOperation(insn, values));
        }
    }

    /** What {@link #apply} did. */
    public record Result(List<AbstractInsnNode> refused, int nextFreeLocal) {
    }

    /**
     * Whether an object under construction is still live at a suspension point, after the moves: by data flow
     * ({@link dev.coflow.rewriter.analysis.UninitializedAnalysis}), which follows every copy of it, however made, to the
     * constructor call; a copy in a local counts only where the local is live across the point ({@code liveAcross}). A method that cannot be analysed counts as having one, so the caller refuses it rather than let a
     * bad frame through. (Until 2026-12-06 a {@code new} that this class could not pair with its constructor call, such
     * as ECJ's {@code new MatchException; dup_x1; swap; ...} in a record pattern's handler, was refused whenever any
     * suspension point followed it anywhere in the method.)
     */
    public static boolean enclosesAny(String owner, MethodNode method, Set<AbstractInsnNode> suspensionPoints,
                                      java.util.function.IntFunction<java.util.BitSet> liveAcross) {
        return dev.coflow.rewriter.analysis.UninitializedAnalysis.liveAtAny(owner, method, suspensionPoints, liveAcross);
    }

    /**
     * Pairs each constructor call with the {@code new} whose object it initialises: the receiver of the
     * {@code invokespecial <init>}, followed back through the copies javac makes of it ({@code dup}, and
     * {@code astore}/{@code aload} of a spilled copy), must come from one {@code new} of the same class on
     * every path. A receiver that comes from anything else (the {@code this} of a constructor calling
     * {@code super}, a merge of two {@code new}s) pairs with nothing.
     */
    static List<Pair> pairs(InsnList insns, Frame<SourceValue>[] sources) {
        List<Pair> pairs = new ArrayList<>();
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof MethodInsnNode call) || call.getOpcode() != Opcodes.INVOKESPECIAL || !call.name.equals("<init>")) {
                continue;
            }
            Frame<SourceValue> frame = sources[insns.indexOf(call)];
            if (frame == null) {
                continue; // unreachable
            }
            int receiver = frame.getStackSize() - 1 - Type.getArgumentTypes(call.desc).length;
            TypeInsnNode origin = receiver < 0 ? null : origin(sources, insns, frame.getStack(receiver), new HashMap<>());
            if (origin != null && origin.desc.equals(call.owner)) {
                pairs.add(new Pair(origin, call));
            }
        }
        return pairs;
    }

    /** The one {@code new} that {@code value} is a copy of on every path, or {@code null}. */
    private static TypeInsnNode origin(Frame<SourceValue>[] sources, InsnList insns, SourceValue value, Map<AbstractInsnNode, Object> memo) {
        if (value.insns.isEmpty()) {
            return null; // a parameter or the receiver of the method
        }
        TypeInsnNode found = null;
        for (AbstractInsnNode producer : value.insns) {
            if (producer == CopiesInterpreter.OTHER) {
                return null; // a value that is no copy of a new object, on some path
            }
            Object known = memo.get(producer);
            if (known == IN_PROGRESS) {
                continue; // a loop of copies back to itself: the loop's entry decides
            }
            TypeInsnNode from;
            if (known != null) {
                from = known == NONE ? null : (TypeInsnNode) known;
            } else {
                memo.put(producer, IN_PROGRESS);
                from = producedBy(sources, insns, producer, memo);
                memo.put(producer, from == null ? NONE : from);
            }
            if (from == null || (found != null && found != from)) {
                return null;
            }
            found = from;
        }
        return found;
    }

    private static final Object IN_PROGRESS = new Object();
    private static final Object NONE = new Object();

    /** The {@code new} whose object {@code producer} pushes or stores, following {@code dup}, {@code astore} and {@code aload}. */
    private static TypeInsnNode producedBy(Frame<SourceValue>[] sources, InsnList insns, AbstractInsnNode producer, Map<AbstractInsnNode, Object> memo) {
        Frame<SourceValue> at = sources[insns.indexOf(producer)];
        return switch (producer.getOpcode()) {
            case Opcodes.NEW -> (TypeInsnNode) producer;
            case Opcodes.DUP, Opcodes.ASTORE -> at == null ? null : origin(sources, insns, at.getStack(at.getStackSize() - 1), memo);
            case Opcodes.ALOAD -> at == null ? null : origin(sources, insns, at.getLocal(((VarInsnNode) producer).var), memo);
            default -> null;
        };
    }

    /** Whether a suspension point lies between the pair's {@code new} and its constructor call, in instruction order. */
    private static boolean enclosesSuspension(Pair pair, Set<AbstractInsnNode> points) {
        for (AbstractInsnNode insn = pair.newInsn(); insn != null && insn != pair.init(); insn = insn.getNext()) {
            if (points.contains(insn)) {
                return true;
            }
        }
        return false;
    }

    static AbstractInsnNode next(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }
}
