package dev.coflow.agent;

import dev.coflow.runtime.BytecodeContract;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;

/**
 * Watches for a class with virtual entries being redefined or retransformed after it was loaded, by another agent
 * (Mockito's inline mocks, a profiler) or a debugger: it may have put code into a coroutine method itself, which a call
 * through the method's virtual entry would skip. The first such event turns virtual entries off for the process
 * ({@code Bootstrap.classesChanged}); every virtual call site then calls the method itself, armed. Changes nothing it
 * sees: it answers {@code null} always.
 */
final class EntryWatcher implements ClassFileTransformer {
    private static final byte[] MARK = BytecodeContract.VIRTUAL_ENTRY_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private volatile boolean fired;

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined == null || fired || !contains(classfileBuffer, MARK)) {
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

    static boolean contains(byte[] bytes, byte[] mark) {
        outer:
        for (int i = 0, last = bytes.length - mark.length; i <= last; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (bytes[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
