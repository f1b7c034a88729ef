package dev.coflow.rewriter.pass;

import dev.coflow.rewriter.analysis.SuspensionPoint;
import dev.coflow.runtime.BytecodeContract;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Everything the emitters need to know about one coroutine method, decided by {@link MethodPlanner} before
 * any instruction moves. Slots are those of the <b>body</b> (after the three extra parameters are inserted
 * behind the original ones); nothing here changes once made.
 *
 * @param ownerName      the internal name of the class
 * @param ownerInterface whether that class is an interface (the resume adapter's handle says so)
 * @param sourceFile     the class's source file, or {@code ""} (for the resume point's stack-trace element)
 * @param methodName     the method's name (the body keeps it)
 * @param methodDesc     the method's descriptor as the user wrote it (the bridge keeps it)
 * @param isStatic       whether the method is static (no receiver in slot 0, no self reference in the frame)
 * @param paramSlots     slots taken by the receiver and the parameters; the context is the next slot
 * @param returnType     the method's return type (what a suspending return hands back: zero or null)
 * @param keepsFrame     {@code false} for a pure forwarder ({@link MethodPlanner#isPureForwarder}): no spill,
 *                       no resume block, no dispatch: the callee's frame takes this method's place
 * @param shape          the frame type: one per method, big enough for every point (see {@link FrameShape})
 * @param maxLocals      the body's locals, temporaries for spilled stack values and for the arguments of armed calls included
 * @param firstTemp      the first slot after the body's own locals: temporaries start here (a point's spilled stack
 *                       values after its call; the arguments an armed instance call sets aside for a moment before it,
 *                       {@link SiteEmitter#armCall})
 * @param points         one plan per suspension point, in state order (state {@code i + 1} is {@code points.get(i)})
 */
record MethodPlan(String ownerName, boolean ownerInterface, String sourceFile, String methodName, String methodDesc,
                  boolean isStatic, int paramSlots, Type returnType, boolean keepsFrame, FrameShape shape, int maxLocals,
                  int firstTemp, List<PointPlan> points) {

    MethodPlan {
        points = List.copyOf(points);
    }

    /** The slot of the {@code Context} parameter, {@code null} on a plain call until a suspension needs it. */
    int contextSlot() {
        return paramSlots;
    }

    /** The slot of the {@code Frame} parameter: the frame being resumed, or {@code null} on a fresh call. */
    int frameSlot() {
        return paramSlots + 1;
    }

    /** The slot of the value or exception a resume hands in. */
    int inSlot() {
        return paramSlots + 2;
    }

    /** The body's descriptor: the method's, with {@code (Context, Frame, Object)} appended to the parameters. */
    String bodyDescriptor() {
        return methodDesc.replace(")", BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")");
    }

    /** The fresh body's descriptor ({@link FreshBody}): the method's, with {@code Context} appended to the parameters. */
    String freshDescriptor() {
        return methodDesc.replace(")", BytecodeContract.CONTEXT_DESCRIPTOR + ")");
    }

    /**
     * Whether the method has exactly one suspension point. A frame handed to its body was then suspended at that
     * point: the dispatch jumps there without reading the point back ({@link DispatchEmitter}), and the spill of a
     * resumed call leaves the frame's point as it is ({@link SpillEmitter}). Both read this one answer.
     */
    boolean onePoint() {
        return points.size() == 1;
    }

    /** Whether any point is a call (whose key a handler must drop if the call throws before its callee takes it). */
    boolean armsCalls() {
        return points.stream().anyMatch(p -> p.kind() == SuspensionPoint.Kind.CALL);
    }

    /**
     * One suspension point: what suspends there, what it saves and where, and which handlers cover it.
     *
     * @param point      the analysed point (its call instruction, state number and line)
     * @param locals     the live locals it saves, by body slot
     * @param stack      the values under the call's arguments, bottom first, each given a temporary slot
     * @param refCount   the frame's reference fields it uses (after the self reference)
     * @param primCount  the frame's primitive fields it uses
     * @param handlers   the exception handlers around the call (they also cover the resume's take of the result)
     * @param resultType what the point produces on a resume: the callee's return type, {@code Object} for a
     *                   yield, {@code void} for an entry point
     * @param pushName   the callee's name the frame records for the check on resume, or {@code null} for any
     * @param pushDesc   the callee's descriptor, {@link BytecodeContract#ANY_CALLEE}, or {@code null} for a yield
     */
    record PointPlan(SuspensionPoint point, List<Saved> locals, List<Saved> stack, int refCount, int primCount,
                     List<TryCatchBlockNode> handlers, Type resultType, String pushName, String pushDesc) {
        PointPlan {
            locals = List.copyOf(locals);
            stack = List.copyOf(stack);
            handlers = List.copyOf(handlers);
        }

        SuspensionPoint.Kind kind() {
            return point.kind();
        }

        int state() {
            return point.state();
        }

        int line() {
            return point.line();
        }
    }

    /**
     * One value a suspension point saves.
     *
     * @param slot  the body slot it lives in (a local's own slot, or the temporary a stack value is parked in)
     * @param type  its verifier type
     * @param kind  how it is saved: not at all (a known {@code null}), in a reference field, or in a primitive field
     * @param index its index among the frame's reference or primitive fields ({@code -1} for a known {@code null})
     */
    record Saved(int slot, Type type, Kind kind, int index) {
        enum Kind { NULL, REF, PRIM }

        boolean isNull() {
            return kind == Kind.NULL;
        }

        boolean isRef() {
            return kind == Kind.REF;
        }
    }
}
