package dev.coflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Using coflow in your build" is the consumer project that CI builds: each of its XML
 * snippets is a part of {@code examples/consumer-agent/pom.xml} between {@code README:} markers, each
 * such part is in the README, and its commands are the ones {@code .ci/run} runs.
 */
class ReadmeBuildSnippetsIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Path CONSUMER = ROOT.resolve("examples/consumer-agent");
    private static final Path CONSUMER_PLUGIN = ROOT.resolve("examples/consumer-plugin");

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The README section, from its heading to the next second-level heading. */
    private static String buildSection() throws IOException {
        String readme = read(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Using coflow in your build\n");
        assertTrue(start >= 0, "README has no 'Using coflow in your build' section");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The section's fenced blocks of one language ("" for plain blocks), in order. */
    private static List<String> blocks(String language) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL).matcher(buildSection());
        while (m.find()) {
            if (m.group(1).equals(language)) {
                out.add(m.group(2).stripTrailing());
            }
        }
        return out;
    }

    /** The consumer pom's marked parts, by name, each without the indentation its lines share. */
    private static Map<String, String> markedParts() throws IOException {
        return markedParts(CONSUMER);
    }

    private static Map<String, String> markedParts(Path project) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^[ \\t]*<!-- README:(\\w+) -->\\n(.*?)^[ \\t]*<!-- /README:\\1 -->$", Pattern.DOTALL)
                .matcher(read(project.resolve("pom.xml")));
        while (m.find()) {
            parts.put(m.group(1), dedent(m.group(2)));
        }
        return parts;
    }

    private static String dedent(String text) {
        List<String> lines = text.stripTrailing().lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** The agent project's parts, then the build-time project's. */
    @Test
    void xmlSnippets_areTheConsumerPomsMarkedPartsInOrder() throws IOException {
        Map<String, String> parts = markedParts();
        assertEquals(List.of("properties", "dependency", "plugins"), List.copyOf(parts.keySet()));
        Map<String, String> buildTime = markedParts(CONSUMER_PLUGIN);
        assertEquals(List.of("buildtime"), List.copyOf(buildTime.keySet()));
        List<String> expected = new ArrayList<>(parts.values());
        expected.addAll(buildTime.values());
        assertEquals(expected, blocks("xml"));
    }

    @Test
    void buildTimeProject_usesTheSameCoflowVersionAndNoAgent() throws IOException {
        String pom = read(CONSUMER_PLUGIN.resolve("pom.xml"));
        assertTrue(pom.contains(markedParts().get("properties").lines().filter(l -> l.contains("<coflow.version>")).findFirst().orElseThrow().strip()), pom);
        assertFalse(pom.contains("-javaagent:"), "the build-time consumer must run with no agent");
        List<String> ci = read(ROOT.resolve(".ci/run")).lines().map(String::strip).toList();
        assertTrue(ci.contains("cd examples/consumer-plugin"), ".ci/run does not build the build-time consumer project");
        assertTrue(ci.contains("./refusal-check"), ".ci/run does not check that a refusal fails the build");
    }

    @Test
    void consumerPom_usesTheVersionThisBuildInstalls() throws IOException {
        Matcher parent = Pattern.compile("<artifactId>coflow-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(read(ROOT.resolve("pom.xml")));
        assertTrue(parent.find(), "no version in the root pom");
        String version = parent.group(1);
        assertFalse(version.endsWith("-SNAPSHOT"), "users copy this version: " + version);
        assertTrue(markedParts().get("properties").contains("<coflow.version>" + version + "</coflow.version>"), markedParts().get("properties"));
        assertTrue(buildSection().contains("`dev.coflow:instrument-agent:" + version + "`"), "README names another agent version");
    }

    @Test
    void commands_areTheOnesCiRunsForTheConsumerProject() throws IOException {
        List<String> commands = blocks("");
        assertEquals(2, commands.size(), "the install command and the run command: " + commands);
        List<String> ci = read(ROOT.resolve(".ci/run")).lines().map(String::strip).toList();
        String install = commands.get(0);
        assertTrue(install.startsWith("mvn ") && install.contains(" install "), install);
        assertTrue(ci.contains(install), ".ci/run does not run '" + install + "'");
        assertTrue(ci.contains("cd examples/consumer-agent"), ".ci/run does not build the consumer project");
        String run = commands.get(1);
        assertTrue(run.startsWith("java -javaagent:target/coflow/instrument-agent.jar "), run);
        assertTrue(ci.stream().anyMatch(l -> l.contains("\"$(" + run + ")\"")), ".ci/run does not run '" + run + "'");
    }
}
