package dev.coflow.runtime;

import dev.coflow.NotRewrittenException;
import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Not API. Builds the run-time error messages; every path here is an error path. */
final class Diagnostics {
    /** Set by the agent's premain to its version; absent when no agent is attached. */
    static final String AGENT_PROPERTY = "coflow.agent";

    /** The fix for a suspension that Groovy's dynamic dispatch stands in the way of. */
    private static final String COMPILE_STATIC = "annotate the calling class or method with @groovy.transform.CompileStatic,"
            + " so that groovyc calls Coroutines and the coroutine methods directly.";

    /** The fix for a suspension under a Scala function that the Scala library calls. */
    private static final String WHILE_LOOP = "write the loop as a while loop in the @Coroutine method.";

    /** What a Scala lazy val's initialiser is (after "was called in X, " or "X is "), and what to do about it. */
    private static final String SCALA_LAZY = "the initialiser of a Scala lazy val, a method scalac makes (a local lazy val's"
            + " holds the val's lock while it runs), which source cannot annotate and the agent does not rewrite.";
    private static final String SCALA_LAZY_FIX = "compute the value, with its yield, into a plain val (or a var) in the"
            + " @Coroutine method, where the lazy val is first needed, instead of a lazy val.";

    /** scalac 2's {@code x$lzycompute} and Scala 3's {@code x$lzyINIT1}: a lazy val's initialiser. */
    private static boolean isScalaLazyInitializer(String methodName) {
        return methodName.contains("$lzycompute") || methodName.contains("$lzyINIT");
    }

    private Diagnostics() {
    }

    static boolean agentAttached() {
        return System.getProperty(AGENT_PROPERTY) != null;
    }

    static NotRewrittenException notRewritten(String what) {
        Optional<StackFrame> frame = callerOutsideCoflow();
        String caller = frame.map(Diagnostics::describe).orElse("an unknown method");
        if (calledIndirectly() && frame.map(f -> f.getFileName() != null && f.getFileName().endsWith(".groovy")).orElse(false)) {
            return new NotRewrittenException(what + " was called through Groovy's dynamic dispatch in " + caller
                    + ": dynamic Groovy calls every method through its runtime (a method handle), and coflow rewrites direct"
                    + " calls only, so this call cannot suspend. Fix: " + COMPILE_STATIC);
        }
        if (calledIndirectly()) {
            String name = what.indexOf('(') < 0 ? what : what.substring(0, what.indexOf('('));
            String lambda = what.endsWith("()") ? "() -> " + name + "()" : "v -> " + name + "(v)";
            return new NotRewrittenException(what + " was called through a method reference or a method handle (such as "
                    + name.replace(".", "::") + ") in " + caller + ": coflow rewrites direct calls of " + name
                    + " only, so this call cannot suspend. Fix: call it in a lambda instead, " + lambda
                    + ", which is rewritten in a @Coroutine method.");
        }
        if (frame.map(f -> isDefinedHidden(f.getDeclaringClass())).orElse(false) && Suspension.current() != Context.NONE) {
            // true with the agent or without: no agent is shown a hidden class
            return new NotRewrittenException(what + " was called in " + caller + ": " + frame.get().getClassName() + " "
                    + HIDDEN_CLASS + " Fix: " + capitalised(HIDDEN_CLASS_FIX));
        }
        if (!agentAttached()) {
            return new NotRewrittenException(what + " was called in " + caller
                    + ", but the coflow agent is not attached, so no method was rewritten to suspend."
                    + " Fix: start the JVM with -javaagent:path/to/instrument-agent.jar"
                    + " (for Maven tests, put it in the Surefire argLine).");
        }
        String method = frame.map(f -> f.getClassName() + "#" + f.getMethodName()).orElse(caller);
        String[] refusal = frame.map(Diagnostics::refusalOf).orElse(null);
        boolean annotated = frame.map(Diagnostics::isAnnotatedCoroutine).orElse(false);
        if (Suspension.current() == Context.NONE) {
            // the first thing wrong is that nothing runs this code as a coroutine: annotating it would not change that
            return new NotRewrittenException(what + " was called in " + caller + ", which no coroutine runs: no coroutine is"
                    + " running on this thread, so there is nothing to suspend"
                    + (refusal != null ? " (and the agent refused to rewrite " + method + ": " + refusal[0] + ")"
                        : annotated ? " (and " + method + " was not rewritten)" : "")
                    + ". Fix: move the code that yields into a @Coroutine method (or a lambda) and run it as a coroutine with"
                    + " Coroutines.generate(...), Coroutines.start(...) or Coroutines.create(...), for example"
                    + " for (Object v : Coroutines.generate(() -> produce())) ...; annotating " + method + " with @Coroutine"
                    + " is not enough: a coroutine method must still be run by a coroutine handle"
                    + (refusal != null ? "; and " + refusal[1] : "."));
        }
        if (refusal != null) {
            return new NotRewrittenException(what + " was called in " + caller + ", a coroutine method the coflow agent"
                    + (Refusals.loadedBeforeAgent(refusal) ? " did not rewrite: " : " refused to rewrite when its class loaded: ")
                    + refusal[0] + " Fix: " + refusal[1]);
        }
        if (annotated) {
            return new NotRewrittenException(what + " was called in " + caller + ", which is annotated @Coroutine but was"
                    + " not rewritten: the agent refused it when its class loaded (its [coflow] ERROR line said why), or its"
                    + " class was loaded before the agent or excluded from it. Fix: do what that ERROR line's Fix says"
                    + " (run with -javaagent:...=trace=true to see the agent's decisions again); annotating " + method
                    + " again changes nothing.");
        }
        if (frame.map(f -> isScalaLazyInitializer(f.getMethodName())).orElse(false)) {
            return new NotRewrittenException(what + " was called in " + caller + ", " + SCALA_LAZY + " Fix: " + SCALA_LAZY_FIX);
        }
        if (frame.map(f -> BytecodeContract.isScalaFunctionBodyName(f.getMethodName())).orElse(false)) {
            return new NotRewrittenException(what + " was called in " + caller + ", the body of a Scala function (a for"
                    + " over a collection or range, or a function passed to foreach, map and the like), which the Scala"
                    + " library calls, and the library's frames cannot be suspended. Fix: " + WHILE_LOOP);
        }
        if (frame.map(Diagnostics::isKotlinSuspendMachinery).orElse(false)) {
            return new NotRewrittenException(what + " was called in " + caller + ", " + KOTLIN_SUSPEND + " Fix: " + KOTLIN_SUSPEND_FIX);
        }
        if (frame.map(f -> isKotlinLambdaClass(f.getDeclaringClass())).orElse(false)) {
            return new NotRewrittenException(what + " was called in " + caller + ", " + KOTLIN_LAMBDA_CLASS + " Fix: "
                    + KOTLIN_LAMBDA_CLASS_FIX);
        }
        return new NotRewrittenException(what + " was called in " + caller
                + ", which the coflow agent did not rewrite."
                + " Fix: annotate " + caller + " with @Coroutine (a lambda body is rewritten when it calls Coroutines.yield"
                + " or a @Coroutine method directly); if the agent reported an error for it, fix that first"
                + " (run with -javaagent:...=trace=true to see its decisions).");
    }

    /** What a hidden class a program or framework defined is (after "X "), and what to do about it. */
    private static final String HIDDEN_CLASS = "is a hidden class (made with Lookup.defineHiddenClass), and the JVM does not show"
            + " hidden classes to Java agents, so coflow cannot rewrite it.";
    private static final String HIDDEN_CLASS_FIX = "define the class as an ordinary class (Lookup.defineClass, or a class loader's"
            + " defineClass), which the agent sees as it loads, and annotate its method @Coroutine.";

    /** What a Kotlin lambda compiled as a class is (after "was called in X, " or "X is "). */
    private static final String KOTLIN_LAMBDA_CLASS = "the body of a Kotlin lambda that kotlinc compiled as a class of its own"
            + " (-Xlambdas=class or -Xsam-conversions=class, or a Kotlin version before 2.0), which the agent does not rewrite.";
    /** What to do about it. */
    private static final String KOTLIN_LAMBDA_CLASS_FIX = "compile with -Xlambdas=indy and -Xsam-conversions=indy (Kotlin 2.0's"
            + " defaults): the lambda's body is then a method of the class that wrote it, which the agent rewrites; or call a"
            + " @Coroutine function instead of a lambda.";

    /**
     * For JDK methods that call a function once rather than over elements, what to do instead in the coroutine method;
     * {@code null} for the others (a loop, a stream or a sort: "use a plain loop").
     */
    private static String jdkCallOnce(String cls, String method) {
        if (cls.startsWith("java.util.") && cls.contains("Map") && (method.equals("computeIfAbsent") || method.equals("computeIfPresent")
                || method.equals("compute") || method.equals("merge"))) {
            return method.equals("computeIfAbsent") ? "get the value, and if it is absent compute it and put it."
                    : "get the value, compute the new one, and put it (or remove the key).";
        }
        if (cls.startsWith("java.util.Optional")) {
            return "if the Optional is present, compute from its value.";
        }
        if (cls.startsWith("java.util.concurrent.CompletableFuture")) {
            return "wait for the future's value (or receive it by a send) and compute from it.";
        }
        if (cls.equals("java.lang.ThreadLocal") || cls.startsWith("java.lang.ThreadLocal$")) {
            return "get the value, and if it is not set compute it and set it.";
        }
        return null;
    }

    /** What a frame of Kotlin's suspend machinery is (after "was called in X, " or "X is "). */
    private static final String KOTLIN_SUSPEND = "part of Kotlin's own coroutine machinery (a suspend function, a suspend"
            + " lambda, which kotlinc always compiles as a class, or the standard library's coroutine code), which runs suspend"
            + " functions with Kotlin's continuations; the agent does not rewrite it, and a coflow coroutine cannot suspend"
            + " through it.";
    /** What to do about it. */
    private static final String KOTLIN_SUSPEND_FIX = "make the function that yields a plain function (not suspend) and call it"
            + " directly from a @Coroutine function, with no suspend function or suspend lambda between them: a coflow"
            + " coroutine suspends without Kotlin's suspend.";

    /**
     * Whether {@code f} is a frame of Kotlin's suspend machinery: a suspend function (its last parameter a
     * {@code kotlin.coroutines.Continuation}), a continuation class (a suspend lambda, or a suspend function's state
     * machine: a subclass of {@code kotlin.coroutines.jvm.internal.BaseContinuationImpl}), or the standard library's
     * {@code kotlin.coroutines} code. Read by name and reflection: coflow does not depend on Kotlin.
     */
    static boolean isKotlinSuspendMachinery(StackFrame f) {
        if (f.getClassName().startsWith("kotlin.coroutines.")) {
            return true;
        }
        try {
            if (f.getDescriptor().contains("Lkotlin/coroutines/Continuation;)")) {
                return true;
            }
            for (Class<?> c = f.getDeclaringClass().getSuperclass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals("kotlin.coroutines.jvm.internal.BaseContinuationImpl")) {
                    return true;
                }
            }
        } catch (UnsupportedOperationException | LinkageError | SecurityException e) {
            return false;
        }
        return false;
    }

    /**
     * Whether {@code c} is a class kotlinc wrote for a lambda or a SAM conversion: its {@code @kotlin.Metadata} has kind
     * 3, "synthetic class" (read by reflection: coflow does not depend on Kotlin).
     */
    static boolean isKotlinLambdaClass(Class<?> c) {
        try {
            for (java.lang.annotation.Annotation a : c.getDeclaredAnnotations()) {
                if (a.annotationType().getName().equals("kotlin.Metadata")) {
                    return Integer.valueOf(3).equals(a.annotationType().getMethod("k").invoke(a));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
        return false;
    }

    /** What the agent reported when it refused the frame's method, {@code {why, fix}}, or {@code null}. */
    private static String[] refusalOf(StackFrame f) {
        try {
            String[] recorded = Refusals.find(f.getClassName(), f.getMethodName(), f.getDescriptor());
            return recorded != null ? recorded : refusedMark(f);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** The {@link Refused} mark the rewriter put on the frame's method (at load or at build time), as {@code {why, fix}}, or {@code null}. */
    private static String[] refusedMark(StackFrame f) {
        Class<?> c;
        try {
            c = f.getDeclaringClass();
        } catch (UnsupportedOperationException e) {
            return null;
        }
        if (f.getMethodName().equals("<clinit>")) {
            Refused r = c.getAnnotation(Refused.class);
            return r == null ? null : new String[] {r.why(), r.fix()};
        }
        java.lang.reflect.Executable[] candidates = f.getMethodName().equals("<init>") ? c.getDeclaredConstructors() : c.getDeclaredMethods();
        for (java.lang.reflect.Executable m : candidates) {
            if (!(m.getName().equals(f.getMethodName()) || m instanceof java.lang.reflect.Constructor)) {
                continue;
            }
            Class<?> result = m instanceof java.lang.reflect.Method method ? method.getReturnType() : void.class;
            if (!java.lang.invoke.MethodType.methodType(result, m.getParameterTypes()).toMethodDescriptorString().equals(f.getDescriptor())) {
                continue;
            }
            Refused r = m.getAnnotation(Refused.class);
            return r == null ? null : new String[] {r.why(), r.fix()};
        }
        return null;
    }

    static IllegalStateException outsideCoroutine() {
        String caller = callerOutsideCoflow().map(Diagnostics::describe).orElse("an unknown method");
        return new IllegalStateException("Coroutines.yield was reached in " + caller
                + " outside any coroutine: nothing can be suspended."
                + " Fix: run the code as the body of a coroutine, e.g. Coroutines.start(() -> ...) or Coroutines.generate(() -> ...).");
    }

    /** A second suspension began while the first was still unwinding: a frame in between went on running. */
    static NotRewrittenException yieldWhileUnwinding(Context context) {
        String suspended = context.top == null ? "a coroutine method" : context.top.point.describe();
        Optional<StackFrame> frame = firstForeignFrame();
        String foreign = frame.map(Diagnostics::describe).orElse(null);
        return new NotRewrittenException("A method that the coflow agent did not rewrite"
                + (foreign != null ? ", " + foreign + "," : "")
                + " stands between two coroutine frames: " + suspended
                + " suspended, but its caller kept running and reached another suspension."
                + " Fix: " + frame.map(f -> fixFor(f, null, null, null)).orElse("do not suspend inside callbacks of library code"
                + " (List.forEach, streams, reflection); use a plain loop, or make the method in between @Coroutine."));
    }

    /** A push found the chain broken: the frame of {@code callerPoint} does not sit on its callee's frame. */
    static NotRewrittenException foreignFrame(Context context, ResumePoint callerPoint, String calleeName, String calleeDescriptor) {
        context.suspending = false;
        Frame callee = context.chainBottom();
        String suspended = callee == null ? null : callee.point.describe();
        String caller = callerPoint.describe();
        String message;
        if (calleeName == null && calleeDescriptor != null) {
            message = caller + " called an interface method that may suspend, and the suspension began in it, but no frame"
                    + " of it was saved: the implementation was not rewritten (annotate it @Coroutine).";
        } else if (calleeName == null) {
            message = "A method that the coflow agent did not rewrite stands between two coroutine frames: "
                    + suspended + " suspended, but its caller ignored the suspension and " + caller
                    + " went on to suspend again.";
        } else if (suspended == null) {
            message = caller + " called " + calleeName + calleeDescriptor + ", which suspended without saving its"
                    + " frame: it was not rewritten (refused by the agent, or not annotated @Coroutine).";
        } else {
            message = caller + " called " + calleeName + calleeDescriptor + ", but the frame that suspended below it is "
                    + suspended + ": a method between them was not rewritten.";
        }
        return new NotRewrittenException(message
                + " Fix: do not suspend inside callbacks of library code (List.forEach, streams, reflection);"
                + " annotate every method on the path with @Coroutine, including interface methods called on the way.");
    }

    /**
     * A suspension began in a frame whose bridge was not called by a rewritten frame (its context is
     * {@link Context#FOREIGN}), or a delegation was called that way: names the method that stands in
     * between and the fix for that kind of method. Thrown at the yield, before anything above it runs on.
     */
    static NotRewrittenException foreignEntry() {
        // hidden frames too: the classes of lambdas and method references, and reflection's own frames
        List<StackFrame> frames = StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                        StackWalker.Option.SHOW_HIDDEN_FRAMES))
                .walk(s -> s.collect(Collectors.toList()));
        StackFrame suspended = null;
        StackFrame callee = null;
        StackFrame foreign = null;
        StackFrame unadaptedReference = null;
        StackFrame forwarded = null;
        StackFrame shown = null; // the callee as the user wrote it: the method a method-reference adapter or an entry called
        StackFrame via = null; // a lambda's or method reference's class between the callee and the foreign frame
        for (int i = 0; i < frames.size(); i++) {
            StackFrame f = frames.get(i);
            String cls = f.getClassName();
            if (cls.equals("dev.coflow.Handle") || cls.equals(Context.class.getName())) {
                break; // the coroutine's own start or trampoline: frames below belong to whoever resumed it
            }
            if (isCoflowRuntime(cls)) {
                continue;
            }
            if (suspended == null) {
                suspended = f;
            }
            if (cls.startsWith("java.lang.invoke.")) {
                int below = viaVirtualCallSite(frames, i);
                if (below > i) {
                    i = below - 1; // coflow's own call site: the rewritten caller passed its context on or armed the call
                    continue;
                }
                StackFrame serializable = callee == null || !isMethodReferenceTarget(callee) ? null : serializableReference(frames, i);
                if (serializable != null) {
                    return serializableReferenceRefused(suspended, callee, serializable);
                }
                // a method handle (its lambda forms are hidden classes too); since JDK 18 reflection calls
                // through method handles too: then the reflective frame above them is the one to name
                foreign = f;
                for (int j = i + 1; j < frames.size(); j++) {
                    String above = frames.get(j).getClassName();
                    if (isReflection(above)) {
                        foreign = frames.get(j);
                        break;
                    }
                    if (!above.startsWith("java.lang.invoke.") && !isGlueHidden(frames.get(j).getDeclaringClass())) {
                        break;
                    }
                }
                break;
            }
            if (isGlueHidden(f.getDeclaringClass())) {
                via = f; // the class of a lambda or method reference: which interface method the frame below called
                if (callee != null && isMethodReferenceTarget(callee) && isSerializableReference(f)) {
                    return serializableReferenceRefused(suspended, callee, f);
                }
                if (unadaptedReference == null && callee != null && !isLambdaLike(callee.getMethodName())) {
                    unadaptedReference = f; // a method reference whose adaptation the agent did not take over
                    forwarded = callee; // the method it refers to (callee moves on down the stack)
                }
                continue;
            }
            if (isRewritten(f)) {
                callee = f;
                via = null;
                if (!isAddedGlue(f)) {
                    shown = f;
                }
                continue;
            }
            foreign = f;
            break;
        }
        String where = suspended == null ? "a coroutine method" : describe(suspended);
        if (foreign == null && unadaptedReference != null) {
            String maker = unadaptedReference.getClassName();
            int cut = maker.indexOf("$$Lambda");
            maker = cut > 0 ? maker.substring(0, cut) : maker;
            return new NotRewrittenException("A suspension in " + where + " cannot be saved: "
                    + forwarded.getClassName() + "#" + forwarded.getMethodName()
                    + " was called through a method reference or lambda made in " + maker
                    + ", a class the coflow agent did not rewrite, so the value it returns could not be adapted"
                    + " when the coroutine resumes. Fix: create the method reference in a class that uses coflow"
                    + " (for example inside the @Coroutine method that calls it), or add " + maker
                    + " to the agent's suspendable= option.");
        }
        if (foreign == null) {
            return new NotRewrittenException("A suspension in " + where + " was reached through a call that no rewritten"
                    + " method made (reflection, a method handle or library code that is no longer on the stack),"
                    + " so it cannot be saved. Fix: call coroutine methods directly, or through an interface such as"
                    + " Supplier or Function, from @Coroutine methods.");
        }
        StackFrame groovy = foreign.getClassName().startsWith("java.lang.invoke.") ? dynamicGroovyCaller(frames, frames.indexOf(foreign)) : null;
        StackFrame mockito = groovy == null ? mockitoCaller(frames, frames.indexOf(foreign)) : null;
        if (mockito != null) {
            return new NotRewrittenException("A suspension in " + where + " cannot be saved: Mockito (" + describe(mockito)
                    + ") called its method from its own code, an answer calling the real method of a spy or of a mock"
                    + " (callRealMethod, CALLS_REAL_METHODS), and Mockito's frames would go on running with a dummy value. Fix:"
                    + " where the test needs the method to suspend, call it on a real object instead of a spy or mock (a subclass"
                    + " of your own can replace the methods you would stub), or stub it (doReturn) so that it does not suspend.");
        }
        return new NotRewrittenException("A suspension in " + where + " cannot be saved: " + describe(foreign)
                + " stands between it and the coroutine's other frames and was not rewritten, so it would go on"
                + " running with a dummy value. Fix: " + (groovy == null ? fixFor(foreign, callee, shown, via)
                : "dynamic Groovy in " + describe(groovy) + " calls every method through its runtime, a method handle,"
                + " which cannot be suspended; " + COMPILE_STATIC));
    }

    /**
     * The frame of a serializable method reference's class that called into the method handle at {@code handle} (the
     * first frame toward the callers that is neither {@code java.lang.invoke} code nor another hidden class), or null.
     */
    private static StackFrame serializableReference(List<StackFrame> frames, int handle) {
        for (int j = handle + 1; j < frames.size(); j++) {
            StackFrame f = frames.get(j);
            if (isSerializableReference(f)) {
                return f;
            }
            if (!f.getClassName().startsWith("java.lang.invoke.") && !isGlueHidden(f.getDeclaringClass())) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether a method a serializable functional object called can be a method reference's target: not a lambda body
     * (Java's {@code lambda$}, Scala's {@code $anonfun$} and its {@code $adapted} forwarder, coflow's adapters), which
     * the object calls because it is that lambda.
     */
    private static boolean isMethodReferenceTarget(StackFrame callee) {
        String name = callee.getMethodName();
        return !isLambdaLike(name) && !name.contains("$anonfun$");
    }

    /** A frame of the class the JDK makes for a serializable method reference or lambda. */
    private static boolean isSerializableReference(StackFrame f) {
        Class<?> c = f.getDeclaringClass();
        return c.isHidden() && c.getName().contains("$$Lambda") && java.io.Serializable.class.isAssignableFrom(c);
    }

    /**
     * A serializable method reference to a coroutine method: the agent leaves its call site as javac made it (the
     * implementation method is named in the serialized form and in {@code $deserializeLambda$}), so the JDK's class for
     * it calls the method, through a method handle on some JDKs, and that call cannot be suspended.
     */
    private static NotRewrittenException serializableReferenceRefused(StackFrame suspended, StackFrame callee, StackFrame reference) {
        String maker = reference.getClassName();
        int cut = maker.indexOf("$$Lambda");
        maker = cut > 0 ? maker.substring(0, cut) : maker;
        String method = callee.getClassName() + "#" + callee.getMethodName();
        return new NotRewrittenException("A suspension in " + (suspended == null ? "a coroutine method" : describe(suspended))
                + " cannot be saved: " + method + " was called through a serializable method reference made in " + maker
                + ". The agent leaves a serializable reference as javac compiled it (its method is named in the serialized"
                + " form), and the JDK's code that calls the method for it cannot be suspended. Fix: write the reference as a"
                + " lambda that calls the method (for example " + lambdaFor(callee) + " for "
                + callee.getClassName().substring(callee.getClassName().lastIndexOf('.') + 1) + "::" + callee.getMethodName()
                + "): a serializable lambda's body is rewritten and suspends; or make the interface not Serializable.");
    }

    /** A lambda of the right arity that calls {@code callee}'s method: {@code () -> m()}, {@code x -> m(x)}, {@code (a, b) -> m(a, b)}. */
    private static String lambdaFor(StackFrame callee) {
        int arity;
        try {
            Class<?>[] params = java.lang.invoke.MethodType.fromMethodDescriptorString(callee.getDescriptor(),
                    callee.getDeclaringClass().getClassLoader()).parameterArray();
            arity = params.length > 0 && params[params.length - 1] == Context.class ? params.length - 1 : params.length;
        } catch (RuntimeException | LinkageError e) {
            arity = 1;
        }
        String m = callee.getMethodName();
        if (arity == 0) {
            return "() -> " + m + "()";
        }
        if (arity == 1) {
            return "x -> " + m + "(x)";
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < arity; i++) {
            names.append(i == 0 ? "" : ", ").append((char) ('a' + Math.min(i, 25)));
        }
        return "(" + names + ") -> " + m + "(" + names + ")";
    }

    /**
     * The first frame of Mockito's own code at or below {@code from}, the frame that stands in the way (reflection or a
     * method handle: how Mockito calls a real method), before any rewritten frame; or null.
     */
    private static StackFrame mockitoCaller(List<StackFrame> frames, int from) {
        for (int j = Math.max(from, 0); j < frames.size(); j++) {
            StackFrame f = frames.get(j);
            String cls = f.getClassName();
            if (cls.startsWith("org.mockito.")) {
                return f;
            }
            if (cls.equals("dev.coflow.Handle") || cls.equals(Context.class.getName()) || isRewritten(f)) {
                return null;
            }
        }
        return null;
    }

    /**
     * The frame that made a method-handle call at {@code handle} (frames toward the callers from there), when it is
     * compiled from Groovy: dynamic Groovy makes every call through an {@code invokedynamic} of its runtime. Or null.
     */
    private static StackFrame dynamicGroovyCaller(List<StackFrame> frames, int handle) {
        for (int j = handle + 1; j < frames.size(); j++) {
            StackFrame f = frames.get(j);
            String cls = f.getClassName();
            if (cls.startsWith("java.lang.invoke.") || isGlueHidden(f.getDeclaringClass()) || cls.startsWith("org.codehaus.groovy.")
                    || cls.startsWith("org.apache.groovy.") || cls.startsWith("groovy.")) {
                continue;
            }
            return f.getFileName() != null && f.getFileName().endsWith(".groovy") ? f : null;
        }
        return null;
    }

    /**
     * A method (not a lambda body) was reached by the key a handle arms for its body: it is the body when only the
     * JDK's hidden classes of lambdas and method references stand between the handle and its bridge (a method reference
     * made in a class the agent did not rewrite: its boxing of the result is what the handle does anyway), or when the
     * handle called it directly (a class implementing {@code Supplier} or {@code Runnable}). With {@code directHandle}
     * (the body is a direct method handle made into the interface by {@code MethodHandleProxies},
     * {@link #isDirectHandleProxy}) also the proxy's and the method handles' frames, which then only forward. Not the
     * frames of any other method handle: one made with combinators may run code of the program's own after the method
     * returns (a {@code filterReturnValue}'s filter), which a suspension would hand a dummy value, and its frames
     * cannot tell it from one that only converts. A stack walk, once per coroutine started that way.
     */
    static boolean calledByRoot(boolean directHandle) {
        return StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                StackWalker.Option.SHOW_HIDDEN_FRAMES)).walk(frames -> {
            boolean bridgeSeen = false;
            for (StackFrame f : (Iterable<StackFrame>) frames::iterator) {
                String cls = f.getClassName();
                if (!bridgeSeen) {
                    if (cls.startsWith("dev.coflow.runtime.")) {
                        continue;
                    }
                    bridgeSeen = true; // the bridge that called Suspension.enter
                    continue;
                }
                if (cls.equals("dev.coflow.Handle")) {
                    return true;
                }
                boolean handleFrame = cls.startsWith("java.lang.invoke.") || cls.startsWith("jdk.proxy") || cls.startsWith("com.sun.proxy.");
                if (!isGlueHidden(f.getDeclaringClass()) && !(directHandle && handleFrame)) {
                    return false;
                }
            }
            return false;
        });
    }

    /**
     * Whether a coroutine's body is a direct method handle (a method's own, no combinator, no bound argument) made into
     * its interface by {@code MethodHandleProxies}: between the proxy and the method only the JDK's frames, which convert
     * the result as the handle would.
     */
    static boolean isDirectHandleProxy(Object body) {
        if (!java.lang.invoke.MethodHandleProxies.isWrapperInstance(body)) {
            return false;
        }
        try {
            java.lang.invoke.MethodHandles.reflectAs(java.lang.reflect.Member.class,
                    java.lang.invoke.MethodHandleProxies.wrapperInstanceTarget(body));
            return true;
        } catch (IllegalArgumentException | ClassCastException e) {
            return false; // not a direct method handle
        }
    }

    /** A lambda body ({@link BytecodeContract#isLambdaBodyName}) or one of coflow's method-reference adapters. */
    private static boolean isLambdaLike(String methodName) {
        return BytecodeContract.isLambdaBodyName(methodName) || methodName.startsWith(BytecodeContract.METHOD_REFERENCE_PREFIX);
    }

    /** The fix that is true for a frame of this kind. */
    private static String fixFor(StackFrame foreign, StackFrame callee, StackFrame shown, StackFrame via) {
        String cls = foreign.getClassName();
        String method = foreign.getMethodName();
        StackFrame named = shown != null ? shown : callee;
        String calls = named == null ? "" : " (it calls " + named.getClassName() + "#" + named.getMethodName() + ")";
        if (isDefinedHidden(foreign.getDeclaringClass())) {
            return cls + calls + " " + HIDDEN_CLASS + " " + (named == null ? capitalised(HIDDEN_CLASS_FIX)
                    : "Call " + named.getClassName() + "#" + named.getMethodName() + " from a @Coroutine method instead, or "
                    + HIDDEN_CLASS_FIX);
        }
        if (cls.startsWith("kotlin.") && cls.contains("Lazy") && method.equals("getValue")) {
            return cls + "#" + method + calls + " is the Kotlin standard library's lazy (a val delegated to lazy { }), which"
                    + " calls the initialiser itself (holding a lock, in the default mode), and its frames cannot be suspended;"
                    + " compute the value, with its yield, into a plain val in the @Coroutine function, where the lazy value"
                    + " is first needed, instead of by lazy.";
        }
        if (isReflection(cls)) {
            return "a reflective call (Method.invoke, as a dynamic proxy's handler makes) cannot be suspended; call the method"
                    + " directly (the proxy's target, not the proxy), or through a functional interface such as Supplier or Function"
                    + " made from a method reference in a class that uses coflow.";
        }
        if (cls.startsWith("java.lang.invoke.")) {
            return "a method handle cannot be suspended; call the method directly, or through a functional interface"
                    + " such as Supplier or Function made from a method reference in a class that uses coflow.";
        }
        if (method.startsWith("lambda$") && (cls.startsWith("java.util.function.") || cls.equals("java.util.Comparator"))) {
            return "a function the JDK composed (Function.andThen or compose, Predicate.and, Comparator.thenComparing and"
                    + " the like) calls yours from JDK code, which cannot be suspended; compose them in a lambda of your own"
                    + " instead, e.g. x -> g.apply(f.apply(x)) for f.andThen(g).";
        }
        String once = jdkCallOnce(cls, method);
        if (once != null) {
            return cls + "#" + method + calls + " is JDK code that calls your function, and its frames cannot be suspended; do"
                    + " its work in the @Coroutine method, with the yield there: " + once;
        }
        if (cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || cls.startsWith("com.sun.")) {
            return "JDK code (a callback such as List.forEach, a stream, a Comparator) cannot be suspended; use a plain loop"
                    + " (for (T x : items) ...) in the @Coroutine method instead.";
        }
        if (method.equals("<init>") || method.equals("<clinit>")) {
            return "a constructor or static initialiser cannot suspend; move the call into a @Coroutine method"
                    + " (a factory method that suspends, then constructs).";
        }
        if (cls.startsWith("scala.")) {
            return "the Scala library (" + cls + "#" + method + calls + ") calls a Scala function here (a for over a"
                    + " collection or range, foreach, map and the like), and its frames cannot be suspended; " + WHILE_LOOP;
        }
        if (isScalaLazyInitializer(method)) {
            return cls + "#" + method + calls + " is " + SCALA_LAZY + " " + capitalised(SCALA_LAZY_FIX);
        }
        if (BytecodeContract.isScalaFunctionBodyName(method)) {
            return cls + "#" + method + calls + " is the body of a Scala function (a for over a collection or range, or a"
                    + " function passed to foreach, map and the like), which the Scala library calls, and the library's frames"
                    + " cannot be suspended; " + WHILE_LOOP;
        }
        if (cls.startsWith("org.codehaus.groovy.") || cls.startsWith("org.apache.groovy.") || cls.startsWith("groovy.")) {
            return "dynamic Groovy calls every method through its runtime (" + cls + "#" + method + "), which cannot be"
                    + " suspended; " + COMPILE_STATIC;
        }
        if (isKotlinSuspendMachinery(foreign)) {
            return cls + "#" + method + calls + " is " + KOTLIN_SUSPEND + " " + capitalised(KOTLIN_SUSPEND_FIX);
        }
        if (isKotlinLambdaClass(foreign.getDeclaringClass())) {
            return cls + "#" + method + calls + " is " + KOTLIN_LAMBDA_CLASS + " " + capitalised(KOTLIN_LAMBDA_CLASS_FIX);
        }
        if (callee != null && method.equals(callee.getMethodName() + "$") && callee.getClassName().equals(cls)
                && foreign.getDeclaringClass().isInterface() && (isCompilerForwarder(foreign) || isTraitForwarder(foreign))) {
            String pkg = cls.lastIndexOf('.') < 0 ? "" : cls.substring(0, cls.lastIndexOf('.'));
            return cls + "#" + method + " is scalac's static forwarder to the trait method " + cls + "#" + callee.getMethodName()
                    + ", and every class or object that mixes the trait in calls it from a forwarder " + callee.getMethodName()
                    + " of its own; source cannot annotate them, and the agent rewrites them only where their classes are"
                    + " suspendable: add the trait and the classes that mix it in to the agent's suspendable= option (for"
                    + " example suspendable=" + (pkg.isEmpty() ? cls : pkg + ".**") + "), or declare the coroutine method in"
                    + " a class or an object instead of a trait.";
        }
        if (isCompilerForwarder(foreign)) {
            String what = cls + "#" + method + calls + " is a method the compiler made, which source cannot annotate and the"
                    + " agent does not rewrite: ";
            if (method.startsWith("access$")) {
                return what + "an accessor for a private member that a nested class uses, whose code does more than pass its"
                        + " arguments on to a @Coroutine member of its class (an accessor that only does that, as javac's and the"
                        + " Eclipse compiler's do, is rewritten with the member); make the member package-private, so that the"
                        + " nested class calls it directly.";
            }
            if (method.endsWith("$default")) {
                return what + "Kotlin's forwarder for default arguments; pass every argument in the call, or add " + cls
                        + " to the agent's suspendable= option.";
            }
            if (method.equals("$closeResource")) {
                return what + "javac 9 and 10's helper that closes the resource of a try-with-resources statement, through"
                        + " AutoCloseable#close, which is not @Coroutine (so neither an annotation nor suspendable= makes that call"
                        + " one that can suspend); recompile " + cls + " with javac 11 or newer (any --release), which closes the"
                        + " resource in the method itself, calling close on the type the resource is declared with.";
            }
            return what + "call the coroutine method directly instead, or add " + cls + " to the agent's suspendable= option.";
        }
        String[] refusal = refusalOf(foreign);
        if (refusal != null) {
            return refusal[1] + " (the agent " + (Refusals.loadedBeforeAgent(refusal) ? "did not rewrite " : "refused to rewrite ")
                    + cls + "#" + method + calls + ", a coroutine method, " + (Refusals.loadedBeforeAgent(refusal) ? "as " : "when its"
                    + " class loaded: ") + refusal[0] + ")";
        }
        String plain = callee == null ? null : plainDeclaration(callee);
        String sam = via == null || shown == null ? null : plainFunctionalMethod(via);
        if (sam != null) {
            String because = "because its call of " + sam + " is not one: " + notSuspensionPoint(sam, shown) + ".";
            if (isAnnotatedCoroutine(foreign)) {
                return cls + "#" + method + " is annotated @Coroutine but was not rewritten: it has no suspension point of its"
                        + " own, " + because + " " + capitalised(functionalFix(sam));
            }
            if (method.startsWith("lambda$")) {
                return "the lambda " + method + " in " + cls + " was not rewritten: it has no suspension point of its own, "
                        + because + " " + capitalised(functionalFix(sam));
            }
            if (!holdsMonitor(foreign)) {
                return "annotate " + cls + "#" + method + " with @Coroutine, so that the agent rewrites it too (or add its class"
                        + " to the agent's suspendable= option when it is library code); and since its call of " + sam
                        + " would still not be a suspension point (" + notSuspensionPoint(sam, shown) + "), also "
                        + functionalFix(sam);
            }
        }
        if (plain != null && isAnnotatedCoroutine(foreign)) {
            return cls + "#" + method + " is annotated @Coroutine but was not rewritten: it has no suspension point of its own,"
                    + " because it calls " + callee.getClassName() + "#" + callee.getMethodName() + " through " + plain
                    + ", which is not @Coroutine, and a call of a method that is not @Coroutine is a plain call, whatever"
                    + " class the object has. " + capitalised(plainDeclarationFix(plain, callee));
        }
        if (isAnnotatedCoroutine(foreign)) {
            return cls + "#" + method + " is annotated @Coroutine but was not rewritten: it has no suspension point of its own"
                    + " (a call through reflection, a method handle or a plain method is none: make that call a direct call of a"
                    + " @Coroutine method), or the agent refused it (its error was printed when " + cls + " loaded; run with"
                    + " -javaagent:...=trace=true to see it again), or its class was loaded before the agent or excluded.";
        }
        if (method.startsWith("lambda$")) {
            if (plain != null) {
                return "the lambda " + method + " in " + cls + " was not rewritten: it has no suspension point of its own,"
                        + " because it calls " + callee.getClassName() + "#" + callee.getMethodName() + " through " + plain
                        + ", which is not @Coroutine, and a call of a method that is not @Coroutine is a plain call, whatever"
                        + " class the object has. " + capitalised(plainDeclarationFix(plain, callee));
            }
            if (hasRewrittenMethod(foreign.getDeclaringClass())) {
                return "the lambda " + method + " in " + cls + calls + " was not rewritten: the agent rewrote " + cls
                        + " but saw no suspension point in the lambda (a call through reflection, a method handle, a proxy"
                        + " or a method that is not a coroutine method is none); call the @Coroutine method directly in it,"
                        + " or through a functional interface.";
            }
            return "the lambda " + method + " in " + cls + calls + " was not rewritten because the agent rewrote nothing in "
                    + cls + " (it looks only at classes that refer to coflow); annotate the method it calls @Coroutine, or add "
                    + cls + " to the agent's suspendable= option.";
        }
        if (holdsMonitor(foreign)) {
            // annotating it would not do: the agent refuses a suspension point inside a synchronized block or method
            return cls + "#" + method + " holds a monitor (a synchronized block or a synchronized method) around its call"
                    + (callee == null ? "" : " of " + callee.getClassName() + "#" + callee.getMethodName()) + ", and a"
                    + " coroutine cannot suspend while it holds one: a monitor belongs to the thread, and the coroutine may"
                    + " resume on another thread, or never. Move the call out of the synchronized code (or make the method"
                    + " not synchronized; guard the shared state with a lock the coroutine releases before it yields),"
                    + " then annotate " + cls + "#" + method + " with @Coroutine"
                    + " (or add its class to the agent's suspendable= option when it is library code).";
        }
        return "annotate " + cls + "#" + method + calls + " with @Coroutine, so that the agent rewrites it too"
                + " (or add its class to the agent's suspendable= option when it is library code)"
                + (plain == null ? "." : "; and if it calls " + callee.getClassName() + "#" + callee.getMethodName()
                + " through " + plain + ", which is not @Coroutine (a plain call, whatever class the object has), also "
                + plainDeclarationFix(plain, callee));
    }

    /**
     * The interface method, as {@code Type#name}, that the class of a lambda or method reference ({@code via}, a frame of
     * a hidden class) implements with the frame's method, when a call of it is not a suspension point: the method is not
     * {@code @Coroutine} and its interface is not functional by the rewriter's rule ({@code @FunctionalInterface} on it
     * or an interface it extends). Null when the call is a suspension point, or when it cannot be told.
     */
    private static String plainFunctionalMethod(StackFrame via) {
        try {
            Class<?> c = via.getDeclaringClass();
            if (!c.isHidden()) {
                return null;
            }
            java.util.ArrayDeque<Class<?>> types = new java.util.ArrayDeque<>(java.util.Arrays.asList(c.getInterfaces()));
            java.util.Set<Class<?>> seen = new java.util.HashSet<>();
            while (!types.isEmpty()) {
                Class<?> t = types.poll();
                if (!seen.add(t)) {
                    continue;
                }
                for (java.lang.reflect.Method m : t.getDeclaredMethods()) {
                    if (m.getName().equals(via.getMethodName()) && java.lang.reflect.Modifier.isAbstract(m.getModifiers())) {
                        return m.isAnnotationPresent(dev.coflow.Coroutine.class) || isFunctionalInterfaceMethod(t, m) ? null
                                : t.getName() + "#" + m.getName();
                    }
                }
                types.addAll(java.util.Arrays.asList(t.getInterfaces()));
            }
        } catch (RuntimeException | LinkageError e) {
            return null; // a type that cannot be loaded or read: no hint
        }
        return null;
    }

    /** Why a call of {@code sam} (a {@link #plainFunctionalMethod}) is not a suspension point, naming what implements it; no full stop. */
    private static String notSuspensionPoint(String sam, StackFrame implementation) {
        String type = sam.substring(0, sam.indexOf('#'));
        String name = sam.substring(sam.indexOf('#') + 1);
        String impl = implementation.getClassName() + "#" + implementation.getMethodName();
        return type + " is not annotated @FunctionalInterface and its " + name + " is not @Coroutine, so a call of it is a"
                + " plain call, whatever implements it (here " + impl + ", which suspends)";
    }

    /** The fix for a call of {@code sam} that is not a suspension point. */
    private static String functionalFix(String sam) {
        String type = sam.substring(0, sam.indexOf('#'));
        if (type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.")) {
            return "declare a functional interface of your own, annotated @FunctionalInterface, for the function (a JDK"
                    + " interface cannot be annotated), and call it through that.";
        }
        return "annotate " + type + " with @FunctionalInterface (then a call of its method is a suspension point in a"
                + " @Coroutine method or lambda), or " + sam + " with @Coroutine.";
    }

    /**
     * Whether the current thread's frame {@code f} holds a monitor where it stands now (a {@code synchronized} block
     * around the call it is in, or a {@code synchronized} method), as the JVM reports the thread's locked monitors with
     * the frame that locked each. False where the runtime cannot tell: no {@code java.management} module in the image,
     * a virtual thread (the thread bean does not describe them), or monitor usage not supported.
     */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19's
    static boolean holdsMonitor(StackFrame f) {
        try {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            if (!threads.isObjectMonitorUsageSupported()) {
                return false;
            }
            java.lang.management.ThreadInfo[] info = threads.getThreadInfo(new long[] {Thread.currentThread().getId()}, true, false);
            if (info.length == 0 || info[0] == null) {
                return false;
            }
            for (java.lang.management.MonitorInfo m : info[0].getLockedMonitors()) {
                StackTraceElement at = m.getLockedStackFrame();
                if (at != null && at.getClassName().equals(f.getClassName()) && at.getMethodName().equals(f.getMethodName())
                        && at.getLineNumber() == f.getLineNumber()) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | LinkageError e) {
            return false; // no java.management here, or not allowed: the general fix stands
        }
    }

    /**
     * The method of a supertype, not annotated {@code @Coroutine}, that the rewritten method of {@code callee} (the
     * frame a method that was not rewritten called) overrides or implements, as {@code Type#name}; or null. A call that
     * names that method (through the interface or the superclass) is not a suspension point, so its caller is not
     * rewritten for it, however the receiver's class declares the method.
     */
    private static String plainDeclaration(StackFrame callee) {
        String name = callee.getMethodName();
        if (name.startsWith("<") || name.startsWith("coflow$") || isLambdaLike(name)) {
            return null;
        }
        Class<?> owner = callee.getDeclaringClass();
        try {
            Class<?>[] params = java.lang.invoke.MethodType.fromMethodDescriptorString(callee.getDescriptor(),
                    owner.getClassLoader()).parameterArray();
            if (params.length > 0 && params[params.length - 1] == Context.class) {
                params = java.util.Arrays.copyOf(params, params.length - 1); // the body: the bridge's parameters and the context
            }
            java.util.ArrayDeque<Class<?>> types = new java.util.ArrayDeque<>();
            java.util.Set<Class<?>> seen = new java.util.HashSet<>();
            types.add(owner);
            while (!types.isEmpty()) {
                Class<?> t = types.poll();
                if (!seen.add(t)) {
                    continue;
                }
                if (t != owner) {
                    try {
                        java.lang.reflect.Method m = t.getDeclaredMethod(name, params);
                        int mods = m.getModifiers();
                        if (!java.lang.reflect.Modifier.isStatic(mods) && !java.lang.reflect.Modifier.isPrivate(mods)) {
                            // a call of a functional interface's method is a suspension point in a rewritten method
                            return m.isAnnotationPresent(dev.coflow.Coroutine.class) || isFunctionalInterfaceMethod(t, m) ? null
                                    : t.getName() + "#" + name;
                        }
                    } catch (NoSuchMethodException e) {
                        // not declared here: look further up
                    }
                }
                if (t.getSuperclass() != null) {
                    types.add(t.getSuperclass());
                }
                types.addAll(java.util.Arrays.asList(t.getInterfaces()));
            }
        } catch (RuntimeException | LinkageError e) {
            return null; // a type that cannot be loaded or read: no hint
        }
        return null;
    }

    /** As the rewriter's rule: {@code m} is abstract in interface {@code t}, and {@code t} or an interface it extends is {@code @FunctionalInterface}. */
    private static boolean isFunctionalInterfaceMethod(Class<?> t, java.lang.reflect.Method m) {
        if (!t.isInterface() || !java.lang.reflect.Modifier.isAbstract(m.getModifiers())) {
            return false;
        }
        java.util.ArrayDeque<Class<?>> types = new java.util.ArrayDeque<>(List.of(t));
        while (!types.isEmpty()) {
            Class<?> i = types.poll();
            if (i.isAnnotationPresent(FunctionalInterface.class)) {
                return true;
            }
            types.addAll(java.util.Arrays.asList(i.getInterfaces()));
        }
        return false;
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The fix for a call through {@code plain} ({@link #plainDeclaration}) of the method of {@code callee}. */
    private static String plainDeclarationFix(String plain, StackFrame callee) {
        String type = callee.getClassName();
        boolean anonymous = isAnonymous(callee.getDeclaringClass());
        if (plain.startsWith("java.") || plain.startsWith("javax.") || plain.startsWith("jdk.")) {
            if (anonymous) {
                return "no variable can name the anonymous class " + type + ": make it a named class and call "
                        + callee.getMethodName() + " on a variable of that type, or implement an interface of yours whose "
                        + callee.getMethodName() + " is @Coroutine and call it through that interface; a JDK method cannot be"
                        + " annotated.";
            }
            return "call " + callee.getMethodName() + " on a variable of type "
                    + type + " (or of a type of yours whose " + callee.getMethodName() + " is @Coroutine): a JDK"
                    + " method cannot be annotated.";
        }
        return "annotate " + plain + " with @Coroutine (its implementations then count as @Coroutine too)"
                + (anonymous ? "." : ", or call " + callee.getMethodName() + " on a variable of type " + type + ".");
    }

    private static boolean isAnonymous(Class<?> c) {
        try {
            return c.isAnonymousClass();
        } catch (RuntimeException | LinkageError e) {
            return false; // its InnerClasses attribute names a class that cannot be loaded: call it named
        }
    }

    /**
     * Whether {@code f} is a static {@code m$} of an interface whose first parameter is that interface: a Scala trait's
     * static forwarder to its method {@code m} as scalac 2.12+ (synthetic) and the Scala 3 compiler (not synthetic)
     * write it.
     */
    private static boolean isTraitForwarder(StackFrame f) {
        try {
            Class<?> itf = f.getDeclaringClass();
            for (var m : itf.getDeclaredMethods()) {
                if (m.getName().equals(f.getMethodName()) && java.lang.reflect.Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() > 0 && m.getParameterTypes()[0] == itf) {
                    return true;
                }
            }
        } catch (SecurityException | LinkageError e) {
            return false;
        }
        return false;
    }

    /** A synthetic method other than a bridge, a lambda body or one of coflow's own: an accessor, a default-argument forwarder. */
    private static boolean isCompilerForwarder(StackFrame f) {
        String name = f.getMethodName();
        if (isLambdaLike(name) || name.startsWith("coflow$")) {
            return false;
        }
        try {
            for (var m : f.getDeclaringClass().getDeclaredMethods()) {
                if (m.getName().equals(name) && m.isSynthetic() && !m.isBridge()) {
                    return true;
                }
            }
        } catch (SecurityException | LinkageError e) {
            return false;
        }
        return false;
    }

    private static boolean isReflection(String cls) {
        return cls.startsWith("java.lang.reflect.") || cls.startsWith("jdk.internal.reflect.") || cls.startsWith("sun.reflect.");
    }

    private static boolean isAnnotatedCoroutine(StackFrame f) {
        try {
            for (var m : f.getDeclaringClass().getDeclaredMethods()) {
                if (m.getName().equals(f.getMethodName()) && m.isAnnotationPresent(dev.coflow.Coroutine.class)) {
                    return true;
                }
            }
        } catch (SecurityException | LinkageError e) {
            return false;
        }
        return false;
    }

    /**
     * Whether the public {@code Coroutines} method was called by a hidden class or {@code java.lang.invoke} code: through a
     * method reference ({@code Coroutines::yield}) or a method handle, which the agent never turns into a suspension.
     */
    private static boolean calledIndirectly() {
        return StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                StackWalker.Option.SHOW_HIDDEN_FRAMES)).walk(frames -> {
            boolean inCoroutines = false;
            for (StackFrame f : (Iterable<StackFrame>) frames::iterator) {
                boolean api = f.getClassName().equals("dev.coflow.Coroutines");
                if (inCoroutines && !api) {
                    // the frame that called the public method
                    return isGlueHidden(f.getDeclaringClass()) || f.getClassName().startsWith("java.lang.invoke.");
                }
                inCoroutines = api;
            }
            return false;
        });
    }

    /**
     * The first frame that is not coflow's own nor the JDK's call glue (the hidden classes of lambdas and method handles,
     * {@link #isGlueHidden}): a hidden class a program defined is shown, since it is the code that called.
     */
    private static Optional<StackFrame> callerOutsideCoflow() {
        return StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                StackWalker.Option.SHOW_HIDDEN_FRAMES)).walk(frames -> frames
                .filter(f -> !isCoflowRuntime(f.getClassName()) && !isJdkGlueFrame(f))
                .findFirst());
    }

    /**
     * The hidden class of a lambda or method reference, or of the JDK's own method handles and proxies: a class that
     * only passes a call on, which coflow looks through. The JDK makes a lambda's class (LambdaMetafactory's, named
     * {@code Host$$Lambda…}, as for Kotlin's and Scala's lambdas) in the loader of the class that made the lambda, and its
     * own (the lambda forms of {@code java.lang.invoke}, JDK 22's {@code MethodHandleProxies} classes) in the bootstrap
     * loader; coflow's resume points ({@link ResumePointClass}, whose {@code resume} the trampoline calls) are hidden
     * classes in the loader of their method's class. Any other hidden class ({@code Lookup.defineHiddenClass} in a framework or program) runs code of its own,
     * and the JVM shows it to no Java agent: it is a frame coflow did not rewrite, as any other.
     */
    static boolean isGlueHidden(Class<?> c) {
        return c.isHidden() && (c.getClassLoader() == null || c.getName().contains("$$Lambda") || ResumePoint.class.isAssignableFrom(c));
    }

    /** A hidden class {@link #isGlueHidden} does not take for glue: one a framework or the program defined. */
    private static boolean isDefinedHidden(Class<?> c) {
        return c.isHidden() && !isGlueHidden(c);
    }

    /**
     * A frame the JDK only passes a call through, which a walk with {@code SHOW_HIDDEN_FRAMES} shows and one without
     * does not: the JDK's hidden glue classes and the lambda forms of {@code java.lang.invoke}.
     */
    private static boolean isJdkGlueFrame(StackFrame f) {
        return isGlueHidden(f.getDeclaringClass()) || f.getClassName().startsWith("java.lang.invoke.");
    }

    /** The runtime and API classes of coflow itself, which are never the user's frames. */
    private static boolean isCoflowRuntime(String className) {
        return className.startsWith("dev.coflow.runtime.") || className.equals("dev.coflow.Coroutines")
                || className.equals("dev.coflow.Handle") || className.equals("dev.coflow.GeneratorHandle")
                || className.startsWith("dev.coflow.GeneratorHandle$");
    }

    /**
     * The first frame between the suspension and the coroutine's own trampoline that belongs to a
     * method the agent did not rewrite: the frame that breaks the chain, when it is still on the stack.
     */
    private static Optional<StackFrame> firstForeignFrame() {
        List<StackFrame> frames = StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                        StackWalker.Option.SHOW_HIDDEN_FRAMES))
                .walk(s -> s.collect(Collectors.toList()));
        for (StackFrame f : frames) {
            String cls = f.getClassName();
            if (cls.equals("dev.coflow.Handle") || cls.equals(Context.class.getName())) {
                break; // the coroutine's own run: frames below belong to its caller
            }
            if (isCoflowRuntime(cls) || isJdkGlueFrame(f) || isRewritten(f)) {
                continue;
            }
            return Optional.of(f);
        }
        return Optional.empty();
    }

    /**
     * For the watched bridges ({@code Suspension.enterStaticWatched} and the rest): whether the bridge that is taking its
     * caller's key was called by a rewritten frame: directly, through the method handles of one of coflow's call sites
     * in a rewritten frame ({@link #viaVirtualCallSite}), from a virtual entry, or by the coroutine's start (through
     * nothing but the classes of lambdas and method references, method handles, reflection and proxies, as {@link #calledByRoot}
     * allows). Not when other code called it, through those or not: code another agent put into the class (Mockito's
     * answer calling the real method of a spy, through a method handle).
     */
    static boolean bridgeCalledByRewritten() {
        List<StackFrame> frames = StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                        StackWalker.Option.SHOW_HIDDEN_FRAMES))
                .walk(s -> s.limit(64).collect(Collectors.toList()));
        int i = 0;
        while (i < frames.size() && isCoflowRuntime(frames.get(i).getClassName())) {
            i++; // this class and Suspension
        }
        for (i++; i < frames.size(); i++) { // from the frame below the bridge
            StackFrame f = frames.get(i);
            String cls = f.getClassName();
            if (cls.startsWith("java.lang.invoke.") && viaVirtualCallSite(frames, i) > i) {
                return true;
            }
            if (isCallGlue(f)) {
                continue; // a lambda's or method reference's class, a method handle, reflection, a proxy: whoever called them decides
            }
            return isRewritten(f) || f.getMethodName().startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX) || isCoflowRuntime(cls);
        }
        return false;
    }

    /**
     * Strict mode: every frame between the suspension and the coroutine's start must belong to a
     * rewritten method; only call glue (the hidden classes of lambdas and method references,
     * reflection and method-handle frames) may stand right above the start, where the body was called.
     */
    static void checkChain() {
        List<StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.collect(Collectors.toList()));
        List<StackFrame> between = new java.util.ArrayList<>();
        boolean started = false;
        for (StackFrame f : frames) {
            String cls = f.getClassName();
            if (cls.equals("dev.coflow.Handle") || cls.equals(Context.class.getName())) {
                break;
            }
            if (!started && isCoflowRuntime(cls)) {
                continue; // Suspension, Coroutines.yieldFrom/yieldAll
            }
            started = true;
            between.add(f);
        }
        int end = between.size();
        while (end > 0 && isCallGlue(between.get(end - 1))) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            StackFrame f = between.get(i);
            if (!isRewritten(f) && !(isGlueHidden(f.getDeclaringClass()) && i > 0 && i + 1 < end)) {
                String suspended = describe(between.get(0));
                throw new NotRewrittenException("coflow strict mode: " + describe(f) + " stands between the suspension in "
                        + suspended + " and the start of its coroutine, and was not rewritten, so it could not be"
                        + " suspended and resumed. Fix: " + fixFor(f, i > 0 ? between.get(i - 1) : null, shownAbove(between, i),
                                null)); // this walk shows no hidden frames, so no lambda's class to read the interface from
            }
        }
    }

    /** The nearest frame above {@code between.get(i)} that is not glue the agent added; null if there is none. */
    private static StackFrame shownAbove(List<StackFrame> between, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (!isAddedGlue(between.get(j))) {
                return between.get(j);
            }
        }
        return null;
    }

    /**
     * A method the agent added to pass a call on ({@link StackTraces#isGlue}), whose name means nothing to the user: a
     * method-reference adapter or an entry. Messages name the method it called instead.
     */
    private static boolean isAddedGlue(StackFrame f) {
        return StackTraces.isGlueName(f.getMethodName());
    }

    /**
     * Call glue: frames that only pass a call on (lambda and method-reference classes, reflection, method handles, and a
     * dynamic proxy's class, whose handler is a frame of its own: {@code MethodHandleProxies}' passes the call on too).
     */
    private static boolean isCallGlue(StackFrame f) {
        String cls = f.getClassName();
        return isGlueHidden(f.getDeclaringClass()) || cls.startsWith("java.lang.reflect.") || cls.startsWith("jdk.internal.reflect.")
                || cls.startsWith("java.lang.invoke.") || java.lang.reflect.Proxy.isProxyClass(f.getDeclaringClass());
    }

    /**
     * Where the method-handle frames from {@code first} on were entered by an {@code invokedynamic} of a rewritten
     * frame (the run's last frame is the JVM's {@code linkToTargetMethod} or {@code linkToCallSite}, the frame below it
     * rewritten), the index of that rewritten frame; else {@code first}. In rewritten code such an instruction that runs
     * other code is a static, virtual or interface call at a suspension point ({@code Bootstrap.staticCall},
     * {@code virtualCall}), which hands the caller's context to the callee's entry or arms the call: a suspension cannot
     * lose its context there, so the frame to name is further down. (A string concatenation's {@code toString} calls go
     * through the JDK's own frames first.)
     */
    private static int viaVirtualCallSite(List<StackFrame> frames, int first) {
        int last = first;
        while (last + 1 < frames.size() && frames.get(last + 1).getClassName().startsWith("java.lang.invoke.")) {
            last++;
        }
        String entered = frames.get(last).getMethodName(); // how the JVM enters an invokedynamic's target: constant and mutable sites
        boolean linked = (entered.equals("linkToTargetMethod") || entered.equals("linkToCallSite")) && last + 1 < frames.size()
                && isRewritten(frames.get(last + 1));
        return linked ? last + 1 : first;
    }

    private static boolean isRewritten(StackFrame f) {
        String name = f.getMethodName();
        if (name.startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX)) {
            return true;
        }
        return hasBody(f.getDeclaringClass(), name);
    }

    /** Whether the agent rewrote any method of {@code c}. */
    private static boolean hasRewrittenMethod(Class<?> c) {
        return hasBody(c, null);
    }

    /**
     * Whether {@code c} has the body of a rewritten method named {@code name} (any name when {@code null}): the
     * synthetic overload with {@code (Context)} or {@code (Context, Frame, Object)} appended.
     */
    private static boolean hasBody(Class<?> c, String name) {
        try {
            for (var other : c.getDeclaredMethods()) {
                Class<?>[] p = other.getParameterTypes();
                if (other.isSynthetic() && (name == null || other.getName().equals(name)) && p.length >= 1
                        && (p[p.length - 1] == Context.class
                        || p.length >= 3 && p[p.length - 3] == Context.class && p[p.length - 2] == Frame.class && p[p.length - 1] == Object.class)) {
                    return true;
                }
            }
        } catch (SecurityException | LinkageError e) {
            return false;
        }
        return false;
    }

    private static String describe(StackFrame f) {
        String where = f.getFileName() != null && f.getLineNumber() > 0 ? " (" + f.getFileName() + ":" + f.getLineNumber() + ")" : "";
        return f.getClassName() + "#" + f.getMethodName() + where;
    }
}
