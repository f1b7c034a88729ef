package dev.coflow.agent;

import dev.coflow.rewriter.ByteSearch;
import dev.coflow.rewriter.RedefinedClass;
import dev.coflow.rewriter.report.Reporter;
import dev.coflow.runtime.BytecodeContract;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Watches for a rewritten class being redefined or retransformed after it was loaded, by another agent (Mockito's
 * inline mocks, a profiler) or a debugger: it may put code into a coroutine method itself, which a call that skips the
 * method would skip too. Two kinds of call do. A call through a virtual, static or interface entry: the first such
 * event turns entries off for the process ({@code Bootstrap.classesChanged}), and every call site then calls the method
 * itself, armed. And a call a body makes straight to a body or an entry of its own class (a static, private or final
 * method, or the class's own entry on {@code this}): those are in the class's code, so the watcher hands back the class
 * with each made a call of the method itself, and its bridges made to take their caller's key only from a rewritten
 * frame, since the other agent's code in a bridge may call the method again (Mockito's answer calling a spy's real method:
 * {@link RedefinedClass#forAnotherAgent}), before the other agent's transformer, registered
 * later, sees it. The agent registers the watcher just before the first class coflow rewrote is defined
 * ({@code CoroutineTransformer}), not at start-up: while it is registered the JVM calls into Java twice for every class
 * it loads, and a program that never loads a rewritten class should not pay for that.
 */
final class EntryWatcher implements ClassFileTransformer {
    /** In every class a body of which coflow rewrote: each body takes a context. */
    private static final ByteSearch REWRITTEN = ByteSearch.of(BytecodeContract.CONTEXT_DESCRIPTOR);

    private final Reporter reporter;
    private volatile boolean fired;

    EntryWatcher(Reporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined == null || !REWRITTEN.in(classfileBuffer)) {
            return null;
        }
        if (!fired) {
            fired = true;
            entriesOff(classBeingRedefined);
        }
        try {
            return RedefinedClass.forAnotherAgent(classfileBuffer);
        } catch (RuntimeException | LinkageError e) {
            reporter.error(className + " was redefined by another agent or a debugger, and its calls of its own coroutine"
                    + " methods could not be made to go through those methods: such a call inside a coroutine skips what the other"
                    + " agent put into the method (a Mockito stub, an advice). Report this with the class file", e);
            return null;
        }
    }

    private static void entriesOff(Class<?> changed) {
        try {
            // the runtime the class's code links against: usually this agent's own, but an application may bring its own copy
            Class<?> bootstrap = Class.forName("dev.coflow.runtime.Bootstrap", true, changed.getClassLoader());
            bootstrap.getMethod("classesChanged").invoke(null);
            if (bootstrap != dev.coflow.runtime.Bootstrap.class) {
                dev.coflow.runtime.Bootstrap.classesChanged();
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            dev.coflow.runtime.Bootstrap.classesChanged();
        }
    }
}
