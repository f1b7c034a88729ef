package dev.coflow.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * JDK 21+ features reached through method handles, so that the module still compiles with
 * {@code --release 17} (which cannot name {@code jdk.internal.vm}, and forbids the
 * {@code --add-exports} that would let it). The handles are {@code static final}: the JIT binds
 * them like direct calls.
 *
 * <p>{@code jdk.internal.vm.Continuation} is Loom's internal one-shot delimited continuation, the
 * mechanism under virtual threads. Using it needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} on the JVM's command line
 * ({@code ./benchmarks/run}, {@code run-main} and {@code run-all} add it on JDK 21+ only).
 */
final class Loom {
    private Loom() {
    }

    /** Feature version of the running JDK (17, 21, 25...). */
    static final int JDK = Runtime.version().feature();

    /** Why continuations cannot be used here, or null when they can. */
    static final String CONTINUATIONS_UNAVAILABLE;
    /** Why virtual threads cannot be used here, or null when they can. */
    static final String VIRTUAL_THREADS_UNAVAILABLE;

    /** {@code new ContinuationScope(String)}, as {@code (String)Object}. */
    private static final MethodHandle NEW_SCOPE;
    /** {@code new Continuation(ContinuationScope, Runnable)}, as {@code (Object, Runnable)Object}. */
    private static final MethodHandle NEW_CONTINUATION;
    /** {@code continuation.run()}, as {@code (Object)void}. */
    private static final MethodHandle RUN;
    /** {@code Continuation.yield(scope)}, as {@code (Object)boolean}. */
    private static final MethodHandle YIELD;
    /** {@code continuation.isDone()}, as {@code (Object)boolean}. */
    private static final MethodHandle IS_DONE;
    /** {@code Thread.ofVirtual().unstarted(Runnable)}, as {@code (Runnable)Thread}. */
    private static final MethodHandle NEW_VIRTUAL_THREAD;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle newScope = null;
        MethodHandle newContinuation = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        MethodHandle isDone = null;
        String why = null;
        if (JDK < 21) {
            why = "jdk.internal.vm.Continuation is measured on JDK 21+ only (this is JDK " + JDK + ")";
        } else {
            try {
                Class<?> scope = Class.forName("jdk.internal.vm.ContinuationScope");
                Class<?> continuation = Class.forName("jdk.internal.vm.Continuation");
                newScope = lookup.findConstructor(scope, MethodType.methodType(void.class, String.class))
                        .asType(MethodType.methodType(Object.class, String.class));
                newContinuation = lookup.findConstructor(continuation, MethodType.methodType(void.class, scope, Runnable.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                run = lookup.findVirtual(continuation, "run", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                yield = lookup.findStatic(continuation, "yield", MethodType.methodType(boolean.class, scope))
                        .asType(MethodType.methodType(boolean.class, Object.class));
                isDone = lookup.findVirtual(continuation, "isDone", MethodType.methodType(boolean.class))
                        .asType(MethodType.methodType(boolean.class, Object.class));
            } catch (ReflectiveOperationException | IllegalAccessError | IllegalArgumentException e) {
                why = "jdk.internal.vm.Continuation is not accessible (" + e
                        + "); run the JVM with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
                newScope = newContinuation = run = yield = isDone = null;
            }
        }
        NEW_SCOPE = newScope;
        NEW_CONTINUATION = newContinuation;
        RUN = run;
        YIELD = yield;
        IS_DONE = isDone;
        CONTINUATIONS_UNAVAILABLE = why;

        MethodHandle newVirtual = null;
        String whyNot = null;
        if (JDK < 21) {
            whyNot = "virtual threads are measured on JDK 21+ only (this is JDK " + JDK + ")";
        } else {
            try {
                Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
                MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder));
                MethodHandle unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
                // (OfVirtual, Runnable)Thread with its first argument computed by ofVirtual(): (Runnable)Thread.
                newVirtual = MethodHandles.foldArguments(unstarted, ofVirtual);
            } catch (ReflectiveOperationException e) {
                whyNot = "virtual threads are not available: " + e;
            }
        }
        NEW_VIRTUAL_THREAD = newVirtual;
        VIRTUAL_THREADS_UNAVAILABLE = whyNot;
    }

    static void requireContinuations() {
        if (CONTINUATIONS_UNAVAILABLE != null) {
            throw new UnsupportedOperationException(CONTINUATIONS_UNAVAILABLE);
        }
    }

    static void requireVirtualThreads() {
        if (VIRTUAL_THREADS_UNAVAILABLE != null) {
            throw new UnsupportedOperationException(VIRTUAL_THREADS_UNAVAILABLE);
        }
    }

    /** A new {@code ContinuationScope}. */
    static Object scope(String name) {
        requireContinuations();
        try {
            return (Object) NEW_SCOPE.invokeExact(name);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A new continuation of {@code scope} that will run {@code body}. */
    static Object continuation(Object scope, Runnable body) {
        requireContinuations();
        try {
            return (Object) NEW_CONTINUATION.invokeExact(scope, body);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Mounts {@code continuation} and runs it to its next yield (or its end). */
    static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Suspends the innermost continuation of {@code scope}; fails if it is pinned. */
    static void yield(Object scope) {
        boolean yielded;
        try {
            yielded = (boolean) YIELD.invokeExact(scope);
        } catch (Throwable e) {
            throw rethrow(e);
        }
        if (!yielded) {
            throw new IllegalStateException("continuation did not yield (pinned?)");
        }
    }

    static boolean isDone(Object continuation) {
        try {
            return (boolean) IS_DONE.invokeExact(continuation);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A virtual thread, not yet started, that will run {@code body}. */
    static Thread virtualThread(Runnable body) {
        requireVirtualThreads();
        try {
            return (Thread) NEW_VIRTUAL_THREAD.invokeExact(body);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }
}
