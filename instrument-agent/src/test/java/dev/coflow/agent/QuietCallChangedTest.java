package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.Roots;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * A quiet call (design.md, "Suspendable libraries: what a call costs") whose callee does suspend at run time,
 * because the callee's class changed after its caller was rewritten, fails loudly at the yield: the caller did
 * not arm the call, so the callee's bridge gets {@code Context.FOREIGN} and the yield throws
 * {@code NotRewrittenException}. It never returns a dummy value to the caller.
 */
class QuietCallChangedTest {
    private static final String PACKAGE = "dev.coflow.agent.quietchanged.";
    private static final String LIB = "dev/coflow/agent/quietchanged/Lib";
    private static final String AS_BUILT = "dev/coflow/agent/quietchanged/LibAsBuilt";

    private static byte[] read(String internalName) {
        try (InputStream in = QuietCallChangedTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code LibAsBuilt} under the name {@code Lib}: the library as the caller's rewrite saw it. */
    private static byte[] libAsBuilt() {
        ClassWriter w = new ClassWriter(0);
        new ClassReader(read(AS_BUILT)).accept(new ClassRemapper(w, new SimpleRemapper(Map.of(AS_BUILT, LIB))), 0);
        return w.toByteArray();
    }

    /** Defines the package's classes rewritten: {@code Caller} by {@code callerView}, {@code Lib} by the real bytes. */
    private static final class Loader extends ClassLoader {
        private final ClassHierarchy callerView;
        private final ClassHierarchy real = new ClassHierarchy(QuietCallChangedTest::read);

        Loader(ClassHierarchy callerView) {
            super(QuietCallChangedTest.class.getClassLoader());
            this.callerView = callerView;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String internalName = name.replace('.', '/');
                    byte[] original = read(internalName);
                    ClassRewriter.Result result = ClassRewriter.rewrite(original,
                            name.endsWith(".Caller") ? callerView : real, new ClassRewriter.Options(true));
                    assertEquals(List.of(), result.diagnostics(), name);
                    byte[] bytes = result.bytes() != null ? result.bytes() : original;
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }
    }

    private static Class<?> caller(ClassHierarchy callerView) throws ClassNotFoundException {
        return new Loader(callerView).loadClass(PACKAGE + "Caller");
    }

    @SuppressWarnings("unchecked")
    private static List<String> log(Class<?> caller) throws ReflectiveOperationException {
        return (List<String>) caller.getField("LOG").get(null);
    }

    @Test
    void asTheCallerWasRewritten_withTheRealLibrary_theCallIsArmed_andHelperYields() throws Exception {
        Class<?> caller = caller(new ClassHierarchy(QuietCallChangedTest::read));
        CoroutineHandle<Object, Object> h = Roots.coroutine(caller.getMethod("run"));
        assertEquals("from helper", h.next());
        assertEquals("caller", h.next());
        assertEquals(List.of("after helper 42"), log(caller));
    }

    @Test
    void aQuietCallWhoseCalleeNowYields_failsAtTheYield_beforeTheCallerRunsOn() throws Exception {
        Class<?> caller = caller(new ClassHierarchy(name -> name.equals(LIB) ? libAsBuilt() : read(name)));
        CoroutineHandle<Object, Object> h = Roots.coroutine(caller.getMethod("run"));
        Throwable thrown = assertThrows(Throwable.class, h::next, "the yield in helper passed a caller that did not arm the call");
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof NotRewrittenException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(NotRewrittenException.class, cause, () -> "threw " + thrown);
        assertTrue(cause.getMessage().contains("Lib"), cause.getMessage());
        assertEquals(List.of(), log(caller), "the caller ran on past the failed yield");
    }
}
