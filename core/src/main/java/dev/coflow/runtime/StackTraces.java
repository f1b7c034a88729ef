package dev.coflow.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Not API. What a coroutine's suspended frames look like to a person: the logical callers that an
 * exception leaving a resumed frame gets in its stack trace (they are not on the thread's stack,
 * the trampoline is), and the list of suspended frames that {@code CoroutineHandle.where()} and
 * error messages show.
 */
final class StackTraces {
    private StackTraces() {
    }

    /** The trampoline's method whose stack trace element marks where the logical callers go. */
    static final String TRAMPOLINE_CLASS = Context.class.getName();
    static final String TRAMPOLINE_METHOD = "runFrames";

    /**
     * Puts {@code callers} (the frames of the logical callers of a resumed frame that threw, innermost
     * first) into the stack trace of {@code t}, just above the trampoline's {@code runFrames}, and
     * drops the glue above it: resume adapters, their lambda classes and the trampoline's own loops.
     * Once per exception on a carrier: {@code t} is rethrown through each caller's frame, and only
     * the innermost adds them.
     * A trace without the trampoline (a stack too deep to record it) or an exception that refuses
     * a new trace keeps its own.
     */
    static void addLogicalCallers(Carrier home, Throwable t, Frame callers) {
        if (t == home.traced) {
            return;
        }
        home.traced = t;
        try {
            StackTraceElement[] trace = t.getStackTrace();
            int at = -1;
            for (int i = 0; i < trace.length; i++) {
                if (trace[i].getClassName().equals(TRAMPOLINE_CLASS) && trace[i].getMethodName().equals(TRAMPOLINE_METHOD)) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                return;
            }
            List<StackTraceElement> rebuilt = new ArrayList<>(trace.length + 8);
            for (int i = 0; i < at; i++) {
                String cls = trace[i].getClassName();
                if (!(i > 0 && isGlue(trace[i])) && !trace[i].getMethodName().startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX)
                        && !cls.contains("$$Lambda") && !cls.contains(ResumePointClass.NAME_SUFFIX)
                        && !cls.equals(TRAMPOLINE_CLASS)) {
                    rebuilt.add(trace[i]);
                }
            }
            for (Frame c = callers; c != null; c = c.next) {
                rebuilt.add(c.point.element());
            }
            for (int i = at; i < trace.length; i++) {
                rebuilt.add(trace[i]);
            }
            t.setStackTrace(rebuilt.toArray(new StackTraceElement[0]));
        } catch (RuntimeException ignored) {
            // an exception type that refuses a new stack trace keeps its own
        }
    }

    /**
     * Whether {@code e} is a frame of a method the agent added that only passes a call on, which plain Java would not
     * show: a virtual entry ({@code coflow$call$m}, which runs {@code m}'s body or calls {@code m}, the next frame in)
     * or a method-reference adapter ({@code coflow$ref$N}, which stands where the hidden class of the method reference
     * stands in plain Java, whose frames stack traces leave out).
     */
    static boolean isGlue(StackTraceElement e) {
        return isGlueName(e.getMethodName());
    }

    /** Whether a method of this name is {@link #isGlue glue} the agent added. */
    static boolean isGlueName(String methodName) {
        return methodName.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX) || methodName.startsWith(BytecodeContract.METHOD_REFERENCE_PREFIX);
    }

    /**
     * The stack trace of {@code t}, an exception that ends a step of a coroutine, as plain Java would have it above the
     * handle's method that ran the step ({@code start} for the first, {@code resumeFrames} for the others): without the
     * frames of {@link #isGlue glue} the agent added (unless the exception was thrown in one), and on the first step
     * without the bridge of the coroutine's body when {@code rewrittenLambda} says it is a rewritten lambda (the hidden
     * class of the lambda, whose frame traces leave out, called the bridge, which called the body; both have the
     * lambda's name, where plain Java shows the lambda once: the bridge is the frame right above {@code start}, the body
     * the one above it). Only the part above that method's frame changes, and the frame is found by its distance from
     * the bottom of the thread's stack, the same in the trace and on the stack now (a trace shows reflection frames and
     * leaves hidden ones out, as this walk does): a trace that already went through
     * an inner coroutine's step, or one thrown again after it was caught, is tidied at the right place (a stack walk,
     * only when there is something to tidy). An exception that refuses a new trace keeps its own.
     */
    static void tidy(Throwable t, boolean rewrittenLambda) {
        try {
            StackTraceElement[] trace = t.getStackTrace();
            boolean any = false;
            for (int i = 1; i < trace.length && !any; i++) {
                any = isGlue(trace[i]) || rewrittenLambda && isStep(trace[i]) && isLambdaBridge(trace, i - 1);
            }
            if (!any) {
                return;
            }
            // the handle's step running now, and every frame below it: the same bottom as the trace's
            List<String> below = StackWalker.getInstance(StackWalker.Option.SHOW_REFLECT_FRAMES).walk(s -> s
                    .dropWhile(f -> !(f.getClassName().equals(HANDLE_CLASS) && isStepMethod(f.getMethodName())))
                    .map(StackWalker.StackFrame::getMethodName)
                    .toList());
            int step = trace.length - below.size();
            if (below.isEmpty() || step < 0 || !trace[step].getClassName().equals(HANDLE_CLASS)
                    || !trace[step].getMethodName().equals(below.get(0))) {
                return; // a trace cut short at its bottom (-XX:MaxJavaStackTraceDepth), or one thrown on another thread
            }
            int bridge = rewrittenLambda && below.get(0).equals(HANDLE_START) && isLambdaBridge(trace, step - 1) ? step - 1 : -1;
            List<StackTraceElement> kept = new ArrayList<>(trace.length);
            for (int i = 0; i < trace.length; i++) {
                if (i != bridge && !(i > 0 && i < step && isGlue(trace[i]))) {
                    kept.add(trace[i]);
                }
            }
            if (kept.size() != trace.length) {
                t.setStackTrace(kept.toArray(new StackTraceElement[0]));
            }
        } catch (RuntimeException ignored) {
            // an exception type that refuses a new stack trace keeps its own
        }
    }

    /** Whether {@code trace[i]} is a lambda's frame with the same lambda's frame right above it (a bridge and its body). */
    private static boolean isLambdaBridge(StackTraceElement[] trace, int i) {
        return i >= 1 && trace[i].getMethodName().startsWith("lambda$") && trace[i].getMethodName().equals(trace[i - 1].getMethodName())
                && trace[i].getClassName().equals(trace[i - 1].getClassName());
    }

    /** The handle's methods that run a step of a coroutine: {@code start} (the first) and {@code resumeFrames}. */
    static final String HANDLE_CLASS = "dev.coflow.Handle";
    static final String HANDLE_START = "start";
    static final String HANDLE_RESUME = "resumeFrames";

    private static boolean isStep(StackTraceElement e) {
        return e.getClassName().equals(HANDLE_CLASS) && isStepMethod(e.getMethodName());
    }

    private static boolean isStepMethod(String method) {
        return method.equals(HANDLE_START) || method.equals(HANDLE_RESUME);
    }

    /** The frames from {@code top} down, innermost first, as {@code owner#name descriptor (File:line)}. */
    static List<String> describe(Frame top) {
        List<String> out = new ArrayList<>();
        for (Frame f = top; f != null; f = f.next) {
            out.add(f.point.describe());
        }
        return out;
    }
}
