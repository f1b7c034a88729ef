package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shaded agent jar that failsafe attaches: relocated ASM, no second copy of core, agent manifest. */
class AgentJarIT {

    static Path agentJar() {
        String property = System.getProperty("coflow.agentJar");
        assertNotNull(property, "the pom sets coflow.agentJar for failsafe");
        Path jar = Path.of(property);
        assertTrue(Files.isRegularFile(jar), "agent jar not found: " + jar);
        return jar;
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(agentJar().toFile())) {
            return jar.stream().map(JarEntry::getName).collect(Collectors.toList());
        }
    }

    @Test
    void agentJar_hasNoUnrelocatedAsm() throws IOException {
        List<String> asm = entries().stream().filter(n -> n.startsWith("org/objectweb/asm/")).collect(Collectors.toList());
        assertEquals(List.of(), asm);
    }

    @Test
    void agentJar_carriesAsmRelocatedUnderTheAgentsInternalPackage() throws IOException {
        List<String> names = entries();
        assertTrue(names.contains("dev/coflow/agent/internal/asm/ClassReader.class"), "relocated ASM core missing");
        assertTrue(names.contains("dev/coflow/agent/internal/asm/tree/MethodNode.class"), "relocated asm-tree missing");
        assertTrue(names.contains("dev/coflow/agent/internal/asm/tree/analysis/Analyzer.class"), "relocated asm-analysis missing");
        assertTrue(names.contains("dev/coflow/agent/internal/asm/util/CheckClassAdapter.class"), "relocated asm-util missing");
    }

    @Test
    void agentJar_hasNoSecondCopyOfCore() throws IOException {
        List<String> core = entries().stream()
                .filter(n -> n.startsWith("dev/coflow/runtime/") || n.startsWith("dev/coflow/") && n.indexOf('/', "dev/coflow/".length()) < 0
                        && n.endsWith(".class"))
                .collect(Collectors.toList());
        assertEquals(List.of(), core);
        assertTrue(entries().contains("dev/coflow/agent/CoroutineAgent.class"));
    }

    @Test
    void agentJar_hasNoModuleDescriptorsOrSignatures() throws IOException {
        List<String> stray = entries().stream()
                .filter(n -> n.endsWith("module-info.class") || n.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"))
                .collect(Collectors.toList());
        assertEquals(List.of(), stray);
    }

    @Test
    void agentJar_manifestNamesTheAgentClassForPremainAndAttach() throws IOException {
        try (JarFile jar = new JarFile(agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.coflow.agent.CoroutineAgent", main.getValue("Premain-Class"));
            assertEquals("dev.coflow.agent.CoroutineAgent", main.getValue("Agent-Class"));
        }
    }
}
