package dev.coflow.agent.callers;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * A coroutine method of another class asks {@code StackWalker.getCallerClass()} for its caller, before a yield and
 * after the resume. In plain Java both answers are {@code CallerClasses}; {@code CallerClassTest} pins what a
 * rewritten method sees instead (README, "Troubleshooting", code that looks at its caller).
 */
public final class CallerClasses {
    private CallerClasses() {
    }

    public static final class Callee {
        private Callee() {
        }

        @Coroutine
        public static String callerSeen() {
            StackWalker walker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
            String before = walker.getCallerClass().getSimpleName();
            Coroutines.yield("before " + before);
            return "after " + walker.getCallerClass().getSimpleName();
        }
    }

    @Coroutine
    public static String body() {
        return Callee.callerSeen();
    }
}
