package dev.coflow.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;

/**
 * Checks, at start-up, that the coflow-core the application's classes will link against is the
 * agent's own version. The agent jar carries core, after the application's class path entries: an
 * application without core uses that copy, one with core uses its own. Rewritten code calls the
 * runtime of the agent's version, so a different core first on the class path would fail later, in
 * some rewritten method, with a {@code NoSuchMethodError}, or mix classes of two versions.
 */
final class CoreVersionCheck {
    /** The file in coflow-core (and so in the agent jar) that holds core's version. */
    static final String VERSION_RESOURCE = "META-INF/coflow-core.version";

    private CoreVersionCheck() {
    }

    /**
     * The start-up message when the first coflow-core that {@code loader} finds is not
     * {@code agentVersion}, else {@code null}. Unknown versions (a development build, a resource
     * that was not filtered) are not compared.
     */
    static String mismatch(ClassLoader loader, String agentVersion) {
        URL first = loader.getResource(VERSION_RESOURCE);
        if (first == null || agentVersion == null) {
            return null;
        }
        String coreVersion;
        try (InputStream in = first.openStream()) {
            coreVersion = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
        if (coreVersion.isEmpty() || coreVersion.contains("${") || coreVersion.equals(agentVersion)) {
            return null;
        }
        return "[coflow] the class path has coflow-core " + coreVersion + " (" + origin(first) + "), but this agent is "
                + agentVersion + " and its rewritten code needs the runtime of its own version."
                + "\nFix: depend on coflow-core " + agentVersion + ", or use the agent of version " + coreVersion
                + ". (Without coflow-core on the class path, the agent's own copy is used.)";
    }

    /** The jar or directory a resource URL points into, as a file path when it is a local file. */
    static String origin(URL resource) {
        String text = resource.toString();
        if (text.startsWith("jar:") && text.contains("!/")) {
            text = text.substring("jar:".length(), text.indexOf("!/"));
        } else if (text.endsWith(VERSION_RESOURCE)) {
            text = text.substring(0, text.length() - VERSION_RESOURCE.length());
        }
        try {
            return Path.of(new URI(text)).toString();
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return text;
        }
    }
}
