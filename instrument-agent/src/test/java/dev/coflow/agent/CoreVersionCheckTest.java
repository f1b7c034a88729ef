package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreVersionCheckTest {
    @TempDir
    Path temp;

    /** A loader that sees only a directory holding META-INF/coflow-core.version with {@code content}. */
    private ClassLoader coreOfVersion(String content) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("core"));
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve(CoreVersionCheck.VERSION_RESOURCE), content);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void mismatch_sameVersion_isNull() throws IOException {
        assertNull(CoreVersionCheck.mismatch(coreOfVersion("0.1.0\n"), "0.1.0"));
    }

    @Test
    void mismatch_otherVersion_namesBothVersionsTheLocationAndTheFix() throws IOException {
        String message = CoreVersionCheck.mismatch(coreOfVersion("0.0.9\n"), "0.1.0");

        assertEquals("[coflow] the class path has coflow-core 0.0.9 (" + temp.resolve("core") + "), but this agent is 0.1.0"
                + " and its rewritten code needs the runtime of its own version.\n"
                + "Fix: depend on coflow-core 0.1.0, or use the agent of version 0.0.9."
                + " (Without coflow-core on the class path, the agent's own copy is used.)", message);
    }

    @Test
    void mismatch_unknownVersions_areNotCompared() throws IOException {
        assertNull(CoreVersionCheck.mismatch(coreOfVersion("${project.version}"), "0.1.0"), "an unfiltered resource");
        assertNull(CoreVersionCheck.mismatch(coreOfVersion("0.0.9"), null), "an agent run from classes");
        assertNull(CoreVersionCheck.mismatch(new URLClassLoader(new URL[0], null), "0.1.0"), "no core on the class path");
    }

    @Test
    void origin_ofAResourceInAJar_isTheJarsPath() throws IOException {
        Path jar = temp.resolve("coflow-core-0.0.9.jar");
        URL resource = new URL("jar:" + jar.toUri() + "!/" + CoreVersionCheck.VERSION_RESOURCE);

        assertEquals(jar.toString(), CoreVersionCheck.origin(resource));
    }

    @Test
    void agentmain_badOption_throwsSoTheAttachFailsAndTheApplicationGoesOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoroutineAgent.agentmain("bogus=1", null));
        assertTrue(e.getMessage().startsWith("[coflow] bad agent options: unknown option 'bogus'."), e.getMessage());
    }
}
