package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.Roots;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Code no path reaches, which the Eclipse compiler writes where javac writes none: after a loop every pass of which
 * throws (the throw under a constant condition, in a {@code synchronized} block), ECJ still writes the statements that
 * follow, with their stack map frames, and the JVM's verifier checks them too. A method the rewriter leaves as it was
 * (a plain method of a rewritten class, or a coroutine method whose every yield is dead) must keep its {@code max_stack}:
 * ASM computes the maximum over the code it reaches only, and the dead code here needs more. Found with
 * {@code SourceProgramTest} (ECJ, JDK 25): "Operand stack overflow" in such a method, so the class failed to load.
 */
class DeadCodeTest {

    private static final String SOURCE = """
            package gen;
            import dev.coflow.Coroutine;
            import dev.coflow.Coroutines;
            public class Dead {
                @Coroutine public static int deadYields(int a, String b) {
                    int[] x = {a, 2, 3};
                    int w = 0;
                    do {
                        w++;
                        synchronized (x) {
                            if (!('q' == 'a')) throw new IllegalStateException("always " + a);
                        }
                        if (b.isEmpty()) continue;
                    } while (w < 2);
                    String[] s = {"a", String.valueOf(-6 - x[2])};
                    Coroutines.yield(s[1]);
                    return s.length;
                }
                public static int plain(int a, String b) {
                    int[] x = {a, 2, 3};
                    int w = 0;
                    do {
                        w++;
                        synchronized (x) {
                            if (!('q' == 'a')) throw new IllegalStateException("plain " + a);
                        }
                        if (b.isEmpty()) continue;
                    } while (w < 2);
                    String[] s = {"a", String.valueOf(-6 - x[2])};
                    return s.length;
                }
                @Coroutine public static int live(int a) {
                    return (Integer) Coroutines.yield(a) + 1;
                }
            }
            """;

    @Test
    void methodsLeftAsTheyWere_keepTheStackTheirDeadCodeNeeds() throws Exception {
        Path dir = dev.coflow.agent.harness.Ecj.compile("gen.Dead", SOURCE, "17");
        assertTrue(maxStack(dir.resolve("gen/Dead.class"), "plain") >= 6, "ECJ no longer writes the dead code this test is about");

        DirectoryLoader loader = new DirectoryLoader(dir, true);
        Class<?> dead = loader.loadClass("gen.Dead");
        assertTrue(loader.rewritten().contains("gen.Dead"));

        Method plain = dead.getMethod("plain", int.class, String.class);
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> plain.invoke(null, 1, ""));
        assertEquals("plain 1", thrown.getCause().getMessage());

        CoroutineHandle<Object, Object> deadYields = Roots.coroutine(dead.getMethod("deadYields", int.class, String.class), 2, "");
        IllegalStateException always = assertThrows(IllegalStateException.class, deadYields::next);
        assertEquals("always 2", always.getMessage());

        CoroutineHandle<Object, Object> live = Roots.coroutine(dead.getMethod("live", int.class), 5);
        assertEquals(5, live.next());
        StopIteration done = assertThrows(StopIteration.class, () -> live.send(2));
        assertEquals((Object) 3, done.value());
    }

    private static int maxStack(Path classFile, String method) throws java.io.IOException {
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(Files.readAllBytes(classFile)).accept(node, 0);
        return node.methods.stream().filter(m -> m.name.equals(method)).findFirst().orElseThrow().maxStack;
    }
}
