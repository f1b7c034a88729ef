package dev.coflow.agent;

import dev.coflow.rewriter.ByteSearch;
import dev.coflow.runtime.BytecodeContract;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Watches for a class with virtual entries being redefined or retransformed after it was loaded, by another agent
 * (Mockito's inline mocks, a profiler) or a debugger: it may have put code into a coroutine method itself, which a call
 * through the method's virtual entry would skip. The first such event turns virtual entries off for the process
 * ({@code Bootstrap.classesChanged}); every virtual call site then calls the method itself, armed. Changes nothing it
 * sees: it answers {@code null} always. The agent registers it just before the first class coflow rewrote is defined
 * ({@code CoroutineTransformer}), not at start-up: while it is registered the JVM calls into Java twice for every class
 * it loads, and a program that never loads a rewritten class should not pay for that.
 */
final class EntryWatcher implements ClassFileTransformer {
    private static final ByteSearch MARK = ByteSearch.of(BytecodeContract.VIRTUAL_ENTRY_PREFIX);

    private volatile boolean fired;

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined == null || fired || !MARK.in(classfileBuffer)) {
            return null;
        }
        fired = true;
        try {
            // the runtime the class's code links against: usually this agent's own, but an application may bring its own copy
            Class<?> bootstrap = Class.forName("dev.coflow.runtime.Bootstrap", true, classBeingRedefined.getClassLoader());
            bootstrap.getMethod("classesChanged").invoke(null);
            if (bootstrap != dev.coflow.runtime.Bootstrap.class) {
                dev.coflow.runtime.Bootstrap.classesChanged();
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            dev.coflow.runtime.Bootstrap.classesChanged();
        }
        return null;
    }
}
