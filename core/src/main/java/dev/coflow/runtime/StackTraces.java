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
                if (!trace[i].getMethodName().startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX)
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

    /** The frames from {@code top} down, innermost first, as {@code owner#name descriptor (File:line)}. */
    static List<String> describe(Frame top) {
        List<String> out = new ArrayList<>();
        for (Frame f = top; f != null; f = f.next) {
            out.add(f.point.describe());
        }
        return out;
    }
}
