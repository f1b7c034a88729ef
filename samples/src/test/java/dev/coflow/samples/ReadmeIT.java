package dev.coflow.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README cannot lie: its test command is the one CI runs, every complete Java program in it is
 * compiled and run with the agent and prints exactly the output shown below it, and its error and
 * option tables name exactly what the code defines.
 */
class ReadmeIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Path README = ROOT.resolve("README.md");

    private static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }

    /** The fenced blocks of the README, in order, each as {language, body}. */
    private static List<String[]> blocks() throws IOException {
        return blocks(readme());
    }

    private static List<String[]> blocks(String text) {
        List<String[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    @Test
    void testCommand_isWhatCiRuns() throws IOException {
        String text = readme();
        int at = text.indexOf("Run every test");
        assertTrue(at >= 0, "README has no 'Run every test' line");
        Matcher m = Pattern.compile("```\\n(.+?)\\n```", Pattern.DOTALL).matcher(text.substring(at));
        assertTrue(m.find(), "no command block after 'Run every test'");
        String command = m.group(1).strip();
        assertEquals("mvn -B verify", command);
        String ci = Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
        assertTrue(ci.lines().anyMatch(l -> l.strip().equals(command)), ".ci/run does not run '" + command + "'");
    }

    @Test
    void sampleCommand_namesALauncherThatExists() throws IOException {
        String text = readme();
        int at = text.indexOf("Run a sample");
        Matcher m = Pattern.compile("```\\n(.+?)\\n```", Pattern.DOTALL).matcher(text.substring(at));
        assertTrue(m.find());
        String command = m.group(1).strip();
        assertTrue(command.startsWith("./samples/run "), command);
        assertTrue(Files.isExecutable(ROOT.resolve("samples/run")), "samples/run is missing or not executable");
    }

    @Test
    void javaPrograms_printWhatTheReadmeShows() throws Exception {
        List<String[]> blocks = blocks();
        int programs = 0;
        for (int i = 0; i < blocks.size(); i++) {
            String[] block = blocks.get(i);
            if (!block[0].equals("java") || !block[1].contains("public class ")) {
                continue;
            }
            String[] output = null;
            for (int j = i + 1; j < blocks.size(); j++) {
                if (blocks.get(j)[0].equals("text")) {
                    output = blocks.get(j);
                    break;
                }
                if (blocks.get(j)[0].equals("java")) {
                    break;
                }
            }
            if (output == null) {
                fail("README program has no ```text output block after it:\n" + block[1]);
            }
            assertEquals(output[1], run(block[1]), "output of README program");
            programs++;
        }
        assertTrue(programs >= 2, "expected the README's programs, found " + programs);
    }

    private static String run(String source) throws Exception {
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(name.find());
        Path dir = Files.createTempDirectory("coflow-readme");
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-g", "-d", dir.toString(), "-cp", classPath, file.toString());
        assertEquals(0, rc, "README program does not compile:\n" + source);
        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(javaExe.toString(), "-Xverify:all", "-javaagent:" + System.getProperty("coflow.agentJar"),
                "-cp", dir + java.io.File.pathSeparator + classPath, name.group(1));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "README program did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "README program failed:\n" + text);
        return text;
    }

    /**
     * The one-step command under "A first coroutine": Java's source launcher with the agent jar as agent and class path,
     * run as the README shows it on the README's first program, prints that program's output. On JDK 25 and later a
     * compact source file (an instance {@code void main()}, coroutine methods at the top level) runs the same way.
     */
    @Test
    void sourceLauncherCommand_runsTheFirstProgramAsShown() throws Exception {
        String text = readme();
        int at = text.indexOf("## A first coroutine");
        assertTrue(at >= 0, "README has no 'A first coroutine' section");
        String program = null;
        String output = null;
        String command = null;
        for (String[] block : blocks(text.substring(at))) {
            if (program == null && block[0].equals("java")) {
                program = block[1];
            } else if (program != null && output == null && block[0].equals("text")) {
                output = block[1];
            } else if (block[0].isEmpty() && block[1].contains(".java") && block[1].startsWith("java ")) {
                command = block[1].strip();
                break;
            }
        }
        assertTrue(program != null && output != null && command != null, "no program, output and source-launcher command");
        String jar = "instrument-agent/target/instrument-agent.jar";
        assertEquals("java -javaagent:" + jar + " -cp " + jar + " Countdown.java", command);
        assertTrue(program.contains("public class Countdown"), program);

        Path dir = Files.createTempDirectory("coflow-readme-source");
        Files.writeString(dir.resolve("Countdown.java"), program);
        assertEquals(output, launch(dir, "Countdown.java"));

        if (Runtime.version().feature() >= 25) {
            Files.writeString(dir.resolve("Squares.java"), String.join("\n",
                    "import dev.coflow.Coroutine;",
                    "import dev.coflow.Coroutines;",
                    "",
                    "@Coroutine",
                    "void squares(int n) {",
                    "    for (int i = 1; i <= n; i++) Coroutines.yield(i * i);",
                    "}",
                    "",
                    "void main() {",
                    "    for (int s : Coroutines.<Integer>generate(() -> squares(4))) IO.println(s);",
                    "}",
                    ""));
            assertEquals("1\n4\n9\n16\n", launch(dir, "Squares.java"));
        }
    }

    /** {@code java -javaagent:JAR -cp JAR FILE} in {@code dir}, with the verifier on; its output, after it exited with 0. */
    private static String launch(Path dir, String file) throws Exception {
        String jar = System.getProperty("coflow.agentJar");
        Path javaExe = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(javaExe.toString(), "-Xverify:all", "-javaagent:" + jar, "-cp", jar, file)
                .directory(dir.toFile());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), file + " did not finish");
        String printed = new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertEquals(0, p.exitValue(), file + " failed:\n" + printed);
        return printed;
    }

    @Test
    void errorCatalogue_listsEveryProblem() throws Exception {
        Set<String> inReadme = tableFirstColumn("| problem | meaning | fix |");
        Set<String> inCode = new LinkedHashSet<>();
        for (Object constant : Class.forName("dev.coflow.rewriter.report.Problem").getEnumConstants()) {
            inCode.add(constant.toString());
        }
        assertEquals(inCode, inReadme);
    }

    @Test
    void agentOptions_listsEveryKey() throws Exception {
        Set<String> inReadme = tableFirstColumn("| key | default | effect |");
        String usage;
        try {
            Class.forName("dev.coflow.agent.AgentOptions").getMethod("parse", String.class).invoke(null, "no-such-key=1");
            fail("a bad option was accepted");
            return;
        } catch (java.lang.reflect.InvocationTargetException e) {
            usage = e.getCause().getMessage();
        }
        Set<String> inCode = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^  (\\w+) \\(default").matcher(usage);
        while (m.find()) {
            inCode.add(m.group(1));
        }
        assertFalse(inCode.isEmpty(), usage);
        assertEquals(inCode, inReadme);
    }

    private static Set<String> tableFirstColumn(String header) throws IOException {
        List<String> lines = Arrays.asList(readme().split("\n"));
        int at = lines.indexOf(header);
        assertTrue(at >= 0, "README has no table " + header);
        Set<String> out = new LinkedHashSet<>();
        for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String cell = lines.get(i).split("\\|")[1].strip();
            out.add(cell.replace("`", ""));
        }
        return out;
    }
}
