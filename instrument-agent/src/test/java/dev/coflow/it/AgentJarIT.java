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

/** The shaded agent jar that failsafe attaches: relocated ASM, core unrelocated, license and notice, agent manifest. */
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

    /** core's classes or jar on this JVM's class path (not the agent jar, which carries a copy). */
    static Path coreLocation() throws IOException {
        Path agent = agentJar().toRealPath();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.exists(path) || path.toRealPath().equals(agent)) {
                continue;
            }
            if (Files.isDirectory(path) ? Files.isRegularFile(path.resolve("dev/coflow/Coroutines.class")) : hasEntry(path, "dev/coflow/Coroutines.class")) {
                return path;
            }
        }
        throw new AssertionError("coflow-core not on the class path: " + System.getProperty("java.class.path"));
    }

    private static boolean hasEntry(Path jarFile, String name) throws IOException {
        if (!jarFile.toString().endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            return jar.getEntry(name) != null;
        }
    }

    /** Every class of coflow-core, unrelocated, so that an application without core still runs. */
    @Test
    void agentJar_carriesEveryClassOfCoreUnrelocated() throws Exception {
        Path coreClasses = coreLocation();
        List<String> expected;
        if (Files.isDirectory(coreClasses)) {
            try (var files = Files.walk(coreClasses)) {
                expected = files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> coreClasses.relativize(f).toString().replace(java.io.File.separatorChar, '/')).sorted().collect(Collectors.toList());
            }
        } else {
            try (JarFile core = new JarFile(coreClasses.toFile())) {
                expected = core.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).sorted().collect(Collectors.toList());
            }
        }
        assertTrue(expected.contains("dev/coflow/runtime/Suspension.class"), expected.toString());
        List<String> carried = entries().stream()
                .filter(n -> n.startsWith("dev/coflow/") && n.endsWith(".class") && !n.startsWith("dev/coflow/agent/"))
                .sorted().collect(Collectors.toList());
        assertEquals(expected, carried);
        assertTrue(entries().contains("META-INF/coflow-core.version"));
    }

    /** The rewriter is compiled against ASM, so it travels relocated with the relocated ASM it calls. */
    @Test
    void agentJar_carriesTheRewriterRelocatedBesideItsAsm() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.contains("dev/coflow/agent/internal/rewriter/ClassRewriter.class"), entries.toString());
        assertTrue(entries.stream().noneMatch(n -> n.startsWith("dev/coflow/rewriter/")), entries.toString());
    }

    @Test
    void agentJar_carriesTheLicenseAndTheNoticeWithAsmsLicense() throws IOException {
        try (JarFile jar = new JarFile(agentJar().toFile())) {
            String license = new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String notice = new String(jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004"), license.substring(0, 200));
            assertTrue(notice.contains("Copyright (c) 2000-2011 INRIA, France Telecom"), notice);
            assertTrue(notice.contains("THE POSSIBILITY OF SUCH DAMAGE."), notice);
        }
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
