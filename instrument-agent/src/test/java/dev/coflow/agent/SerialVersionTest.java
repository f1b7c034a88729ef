package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.runtime.BytecodeContract;
import java.io.ObjectStreamClass;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rewriting keeps a class's serialVersionUID: objects serialized by a JVM without the agent deserialize with it, and
 * the other way round. A Serializable class that declares none has one computed from its members (all but the private
 * ones), so what the agent adds to it is private (bodies, spill methods, resume adapters, the entry caches) and such a
 * class gets no virtual entries, which would take their methods' access (design.md, "Virtual entries").
 */
class SerialVersionTest {
    private static final String PACKAGE = "dev.coflow.agent.serial.";

    private static long version(Class<?> c) {
        return ObjectStreamClass.lookup(c).getSerialVersionUID();
    }

    private static List<String> entries(Class<?> c) {
        return Arrays.stream(c.getDeclaredMethods()).map(java.lang.reflect.Method::getName)
                .filter(n -> n.startsWith(BytecodeContract.VIRTUAL_ENTRY_PREFIX)).sorted().toList();
    }

    @Test
    void aRewrittenClass_keepsItsSerialVersionUid_declaredOrDefault() throws Exception {
        CaseClassLoader loader = new CaseClassLoader(PACKAGE);
        for (String name : List.of("DefaultVersion", "InheritedDefaultVersion", "DeclaredVersion")) {
            Class<?> plain = Class.forName(PACKAGE + name);
            Class<?> rewritten = loader.loadClass(PACKAGE + name);
            assertNotSame(plain, rewritten);
            assertEquals(version(plain), version(rewritten), name);
        }
        assertEquals(List.of(), loader.diagnostics());
        assertEquals(List.of(PACKAGE + "DeclaredVersion", PACKAGE + "DefaultVersion", PACKAGE + "InheritedDefaultVersion"),
                loader.rewrittenClasses().stream().sorted().toList(), "all three rewritten");
        assertEquals(List.of(), entries(loader.loadClass(PACKAGE + "DefaultVersion")), "no entries where they would change it");
        assertEquals(List.of(), entries(loader.loadClass(PACKAGE + "InheritedDefaultVersion")));
        assertEquals(List.of(BytecodeContract.VIRTUAL_ENTRY_PREFIX + "next"), entries(loader.loadClass(PACKAGE + "DeclaredVersion")));
    }
}
