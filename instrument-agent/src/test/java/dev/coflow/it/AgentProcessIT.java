package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.it.programs.Countdown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The agent as a user starts it: child JVMs with good and bad {@code -javaagent} options, and without it. */
class AgentProcessIT {
    private static final String PROGRAM = Countdown.class.getName();
    private static final String COUNTDOWN_OUTPUT = "countdown 3\ncountdown 2\ncountdown 1\n";

    @TempDir
    Path temp;

    /** What a finished child JVM did. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    private Outcome run(String... jvmOptions) throws IOException, InterruptedException {
        return runProgram(PROGRAM, jvmOptions);
    }

    private Outcome runProgram(String program, String... jvmOptions) throws IOException, InterruptedException {
        return runProgramOn(System.getProperty("java.class.path"), program, jvmOptions);
    }

    private Outcome runProgramOn(String classPath, String program, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xverify:all");
        command.addAll(Arrays.asList(jvmOptions));
        command.add("-cp");
        command.add(classPath);
        command.add(program);
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish within 60 s: " + command);
        }
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).replace("\r\n", "\n"),
                Files.readString(err, StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    private static String agent(String options) {
        return "-javaagent:" + AgentJarIT.agentJar() + (options.isEmpty() ? "" : "=" + options);
    }

    @Test
    void agent_attached_programRunsItsCoroutine() throws Exception {
        Outcome outcome = run(agent("verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(COUNTDOWN_OUTPUT, outcome.stdout());
        assertEquals("", outcome.stderr());
    }

    /** Every valid key, in the order the usage message lists them. */
    private static final List<String> VALID_KEYS = List.of("verify", "dump", "trace", "exclude", "strict", "suspendable", "stats", "entryPoints");

    /**
     * A bad option stops the JVM before main with status 2, and stderr holds the usage message and
     * nothing else: no exception, no native "FATAL ERROR ... processJavaStart failed" dump.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bogus=1     | unknown option 'bogus'.                           | verify=true,trace=true",
        "verfy=true  | unknown option 'verfy' (did you mean 'verify'?).  | verify=true",
        "verify=yes  | verify must be true or false, not 'yes'.          | verify=true",
        "trace       | option 'trace' has no value.                      | trace=true",
        "strict=true,dump= | dump needs a directory.                     | dump=coflow-dump",
    })
    void agent_badOption_printsOneUsageMessageAndExitsWithStatus2(String options, String problem, String example) throws Exception {
        Outcome outcome = run(agent(options));

        assertEquals(2, outcome.exitCode(), outcome.stderr());
        assertEquals("", outcome.stdout(), "main must not have run");
        List<String> lines = outcome.stderr().lines().toList();
        assertEquals("[coflow] bad agent options: " + problem, lines.get(0), outcome.stderr());
        assertEquals("Example: -javaagent:instrument-agent.jar=" + example, lines.get(1), outcome.stderr());
        assertEquals("Valid keys (key=value, separated by ','):", lines.get(2), outcome.stderr());
        assertEquals(3 + VALID_KEYS.size(), lines.size(), "nothing but the message on stderr:\n" + outcome.stderr());
        for (int i = 0; i < VALID_KEYS.size(); i++) {
            assertTrue(lines.get(3 + i).startsWith("  " + VALID_KEYS.get(i) + " (default "), outcome.stderr());
        }
    }

    /** The test classes alone: the programs, without coflow-core (nor JUnit) on the class path. */
    private static String testClassesOnly() throws Exception {
        Path testClasses = Path.of(Countdown.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(testClasses.resolve("dev/coflow/it/programs")), testClasses.toString());
        assertTrue(!Files.exists(testClasses.resolve("dev/coflow/Coroutines.class")), "core must not be in " + testClasses);
        return testClasses.toString();
    }

    /**
     * An exception that ends a coroutine's first step has the stack trace plain Java gives it, from the throw down to the
     * handle's {@code start}: without the virtual entries ({@code coflow$call$m}) and method-reference adapters
     * ({@code coflow$ref$N}) the agent added, nor the bridge of a rewritten lambda body (the lambda was shown twice),
     * also in a coroutine started inside another one's first step (program {@code FreshTraces}, run with the agent and
     * without it: every shape throws before any yield, so it runs as plain Java without the agent).
     */
    @Test
    void freshCallsStackTraces_areThoseOfPlainJava() throws Exception {
        String program = dev.coflow.it.programs.FreshTraces.class.getName();
        Outcome plain = runProgram(program);
        Outcome rewritten = runProgram(program, agent("verify=true"));

        assertEquals(0, plain.exitCode(), plain.stderr());
        assertEquals(0, rewritten.exitCode(), rewritten.stderr());
        assertTrue(plain.stdout().contains("FreshTraces$PlainReader.read:"), plain.stdout());
        assertTrue(plain.stdout().contains("nested: static inner"), plain.stdout());
        assertEquals(plain.stdout(), rewritten.stdout());
        assertEquals("", rewritten.stderr());
    }

    @Test
    void agentJarAlone_runsAProgramCompiledAgainstCoreWithoutCoreOnTheClassPath() throws Exception {
        Outcome outcome = runProgramOn(testClassesOnly(), PROGRAM, agent("verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(COUNTDOWN_OUTPUT, outcome.stdout());
        assertEquals("", outcome.stderr());
    }

    @Test
    void agentJarAlone_suspendableLibraryRunsInAProgramThatNeverNamesCoflow() throws Exception {
        String library = dev.coflow.it.programs.suspendablelib.Walker.class.getPackageName();
        String program = dev.coflow.it.programs.plain.PlainWalk.class.getName();

        Outcome outcome = runProgramOn(testClassesOnly(), program, agent("suspendable=" + library + ".**,verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals("item x\nitem y\nwalked 2\n", outcome.stdout());
        // only the agent's summary of what suspendable= rewrote, no NoClassDefFoundError
        assertTrue(outcome.stderr().startsWith("[coflow] suspendable: 2 classes, 1 methods rewritten"), outcome.stderr());
        assertEquals(1, outcome.stderr().lines().count(), outcome.stderr());
    }

    @Test
    void coreOnTheClassPath_isTheOnlyCopyDefinedAndTheAgentsCopyServesOtherwise() throws Exception {
        String program = dev.coflow.it.programs.WhereIsCore.class.getName();
        String coreLocation = AgentJarIT.coreLocation().toString();
        String agentLocation = AgentJarIT.agentJar().toString();

        Outcome withCore = runProgramOn(testClassesOnly() + java.io.File.pathSeparator + coreLocation, program, agent(""));
        Outcome withoutCore = runProgramOn(testClassesOnly(), program, agent(""));

        assertEquals(0, withCore.exitCode(), withCore.stderr());
        assertEquals("yielded one two\n"
                + "dev.coflow.Coroutines " + coreLocation + " system\n"
                + "dev.coflow.runtime.Suspension " + coreLocation + " system\n", withCore.stdout());
        assertEquals(0, withoutCore.exitCode(), withoutCore.stderr());
        assertEquals("yielded one two\n"
                + "dev.coflow.Coroutines " + agentLocation + " system\n"
                + "dev.coflow.runtime.Suspension " + agentLocation + " system\n", withoutCore.stdout());
    }

    @Test
    void coreOfAnotherVersionFirstOnTheClassPath_stopsStartupWithStatus2() throws Exception {
        Path oldCore = Files.createDirectories(temp.resolve("old-core/META-INF"));
        Files.writeString(oldCore.resolve("coflow-core.version"), "0.0.1\n");
        String classPath = temp.resolve("old-core") + java.io.File.pathSeparator + System.getProperty("java.class.path");

        Outcome outcome = runProgramOn(classPath, PROGRAM, agent(""));

        assertEquals(2, outcome.exitCode(), outcome.stderr());
        assertEquals("", outcome.stdout(), "main must not have run");
        List<String> lines = outcome.stderr().lines().toList();
        assertEquals(2, lines.size(), outcome.stderr());
        assertTrue(lines.get(0).startsWith("[coflow] the class path has coflow-core 0.0.1 (" + temp.resolve("old-core") + "), "), lines.get(0));
        assertTrue(lines.get(0).endsWith("but this agent is " + agentVersion() + " and its rewritten code needs the runtime of its own version."), lines.get(0));
        assertEquals("Fix: depend on coflow-core " + agentVersion() + ", or use the agent of version 0.0.1."
                + " (Without coflow-core on the class path, the agent's own copy is used.)", lines.get(1));
    }

    private static String agentVersion() throws IOException {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(AgentJarIT.agentJar().toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    @Test
    void noAgent_yieldInsideGenerate_failsWithNotRewrittenNamingJavaagent() throws Exception {
        Outcome outcome = run();

        assertNotEquals(0, outcome.exitCode());
        assertEquals("", outcome.stdout());
        String firstLine = outcome.stderr().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("Exception in thread \"main\" dev.coflow.NotRewrittenException: "), outcome.stderr());
        assertTrue(firstLine.contains("-javaagent"), firstLine);
        assertTrue(firstLine.contains(PROGRAM + "#countdown"), firstLine);
    }

    @Test
    void agent_dumpOption_writesBeforeAndAfterClassFilesAndListings() throws Exception {
        Path dump = temp.resolve("dump");

        Outcome outcome = run(agent("dump=" + dump));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(COUNTDOWN_OUTPUT, outcome.stdout());
        Path base = dump.resolve(PROGRAM.replace('.', '/'));
        byte[] before = Files.readAllBytes(Path.of(base + ".before.class"));
        byte[] after = Files.readAllBytes(Path.of(base + ".after.class"));
        assertEquals(0xCAFEBABE, readInt(before));
        assertEquals(0xCAFEBABE, readInt(after));
        assertTrue(after.length > before.length, "rewriting adds the body and the resume adapter");
        assertTrue(Files.readString(Path.of(base + ".before.txt")).contains("countdown(I)V"));
        assertTrue(Files.readString(Path.of(base + ".after.txt")).contains("coflow$resume$"));
    }

    @Test
    void agent_traceOption_printsARewroteLinePerRewrittenClass() throws Exception {
        Outcome outcome = run(agent("trace=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(COUNTDOWN_OUTPUT, outcome.stdout());
        assertTrue(outcome.stderr().lines().anyMatch(l -> l.matches("\\[coflow] rewrote " + Pattern.quote(PROGRAM) + " in \\d+\\.\\d\\d ms: .*")
                && l.contains("countdown")), outcome.stderr());
        assertTrue(outcome.stderr().lines().allMatch(l -> l.startsWith("[coflow] ")), outcome.stderr());
        // at exit, what rewriting cost in all, without a stats file
        String last = outcome.stderr().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("\\[coflow] class-load rewriting: 1 class rewritten \\(\\d+ methods?\\), \\d+ left as (it was|they were), "
                + "\\d+\\.\\d\\d ms in all, .* ms per class on average, slowest .*; looking for coflow names in [\\d,]+ class(es)? took \\d+\\.\\d\\d ms"), last);
    }

    @Test
    void agent_statsOption_writesOneRowPerClassWithItsRewritingTimeAndPrintsASummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/stats.tsv");
        Outcome outcome = run(agent("stats=" + file));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(COUNTDOWN_OUTPUT, outcome.stdout());
        List<String> rows = Files.readAllLines(file);
        assertEquals("class\toutcome\tmethods_rewritten\tbytes_before\tbytes_after\tmicros", rows.get(0));
        List<String[]> program = rows.stream().skip(1).map(r -> r.split("\t")).filter(f -> f[0].equals(PROGRAM)).toList();
        assertEquals(1, program.size(), String.join("\n", rows));
        String[] f = program.get(0);
        assertEquals("rewritten", f[1]);
        assertTrue(Integer.parseInt(f[2]) >= 1, f[2]);
        assertEquals(Files.size(programClassFile()), Long.parseLong(f[3]), "the class file's size as the JVM read it");
        assertTrue(Integer.parseInt(f[4]) > Integer.parseInt(f[3]), "rewriting adds methods");
        assertTrue(Long.parseLong(f[5]) > 0, "microseconds: " + f[5]);
        for (String r : rows.subList(1, rows.size())) {
            assertEquals(6, r.split("\t").length, r);
        }
        // one line on stderr, at exit, naming the file
        assertEquals(1, outcome.stderr().lines().count(), outcome.stderr());
        assertTrue(outcome.stderr().startsWith("[coflow] class-load rewriting: 1 class rewritten"), outcome.stderr());
        assertTrue(outcome.stderr().strip().endsWith("; per class: " + file), outcome.stderr());
    }

    private static Path programClassFile() throws Exception {
        Path testClasses = Path.of(Countdown.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return testClasses.resolve(PROGRAM.replace('.', '/') + ".class");
    }

    private static int readInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /**
     * Hidden classes (Lookup.defineHiddenClass), which the JVM passes to no agent: until 2026-12-08 coflow took such a
     * frame for a lambda's class, which only passes a call on, so a hidden class that was a coroutine's body went on with
     * a dummy value (0) after the yield below it, and the other cases were refused with a fix that could not work
     * ("add it to suspendable="). Each now fails at the yield, naming the hidden class, and the fix the message gives
     * (the same class defined as an ordinary class) runs as plain Java.
     */
    @Test
    void hiddenClasses_areRefusedAtTheYield_namingThem_andAsOrdinaryClassesRun() throws Exception {
        for (String options : new String[] {"verify=true", "strict=true,verify=true"}) {
            Outcome outcome = runProgram(dev.coflow.it.programs.HiddenClasses.class.getName(), agent(options));

            assertEquals(0, outcome.exitCode(), outcome.stderr());
            List<String> lines = outcome.stdout().lines().toList();
            assertEquals(5, lines.size(), outcome.stdout());
            String program = "dev\\.coflow\\.it\\.programs\\.HiddenClasses";
            String hidden = " is a hidden class \\(made with Lookup\\.defineHiddenClass\\), and the JVM does not show hidden"
                    + " classes to Java agents, so coflow cannot rewrite it\\.";
            for (int i = 0; i < 2; i++) {
                String method = i == 0 ? "get" : "applyAsInt";
                assertTrue(lines.get(i).matches((i == 0 ? "body" : "called") + ": refused: A suspension in " + program
                        + "#twice \\(HiddenClasses\\.java:\\d+\\) cannot be saved: " + program + "\\$Forwarder/0x\\p{XDigit}+#" + method
                        + " \\(HiddenClasses\\.java:\\d+\\) stands between it .* Fix: " + program + "\\$Forwarder/0x\\p{XDigit}+ \\(it"
                        + " calls " + program + "#twice\\)" + hidden + " Call " + program + "#twice from a @Coroutine method instead,"
                        + " or define the class as an ordinary class .* went on with nothing"), options + ": " + lines.get(i));
            }
            assertTrue(lines.get(2).matches("own: refused: Coroutines\\.yield\\(value\\) was called in " + program
                    + "\\$OwnCoroutine/0x\\p{XDigit}+#get \\(HiddenClasses\\.java:\\d+\\): " + program + "\\$OwnCoroutine/0x\\p{XDigit}+"
                    + hidden + " Fix: Define the class as an ordinary class .* went on with nothing"), options + ": " + lines.get(2));
            assertEquals("ordinary body: yielded 5, returned 15, went on with get 15", lines.get(3), options);
            assertEquals("ordinary own: yielded from the hidden class, returned got 7, went on with nothing", lines.get(4), options);
        }
    }

    /**
     * A frame the agent did not rewrite that calls the same interface method on another object (design.md, "Exactness:
     * armed calls"): until 2026-12-04 each passed its caller's key on and the forwarder ran on with a dummy value
     * (andThen: a NullPointerException where plain Java gives 1100; the decorator and the proxy: 11). The default
     * check arms a key for the receiver's class, so each suspension fails at the yield, naming the frame in its way,
     * before the forwarder runs on (its log stays empty).
     */
    @Test
    void default_refusesSuspensionsThroughSameNameForwarders_atTheYield() throws Exception {
        Outcome outcome = runProgram(dev.coflow.it.programs.Forwarders.class.getName(), agent("verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        List<String> lines = outcome.stdout().lines().toList();
        assertEquals(7, lines.size(), outcome.stdout());
        String program = "dev\\.coflow\\.it\\.programs\\.";
        assertTrue(lines.get(0).matches("andThen: refused: A suspension in " + program + "Forwarders#lambda\\$andThen\\$\\d+ \\(Forwarders\\.java:\\d+\\)"
                + " cannot be saved: java\\.util\\.function\\.Function#lambda\\$andThen\\$\\d+ .* Fix: a function the JDK composed"
                + " .* compose them in a lambda of your own instead, e\\.g\\. x -> g\\.apply\\(f\\.apply\\(x\\)\\) for f\\.andThen\\(g\\)\\. log \\[\\]"),
                lines.get(0));
        // the fix it gives: plain Java's result, and g saw the value f returned after the resume
        assertEquals("andThen fixed: yielded f 1, result 1100 log [andThen got 11]", lines.get(1));
        lines = new java.util.ArrayList<>(lines);
        lines.remove(1);
        assertTrue(lines.get(1).matches("decorator: refused: A suspension in " + program + "Forwarders#lambda\\$decorator\\$\\d+ .*"
                + " cannot be saved: " + program + "plain\\.LoggingStep#applyAsInt \\(LoggingStep\\.java:\\d+\\)"
                + " .* Fix: annotate " + program + "plain\\.LoggingStep#applyAsInt .* with @Coroutine.* log \\[\\]"), lines.get(1));
        assertTrue(lines.get(2).matches("proxy: refused: A suspension in " + program + "Forwarders\\$RealService#get .*"
                + " cannot be saved: jdk\\.internal\\.reflect\\..* Fix: a reflective call \\(Method\\.invoke, as a dynamic proxy's handler makes\\)"
                + " cannot be suspended; call the method directly \\(the proxy's target, not the proxy\\).* log \\[\\]"),
                lines.get(2));
        // a plain override calling super, and a plain implementation calling a static method of the same name
        // (classes of org.example.plain, which name nothing of coflow): until 2026-12-04 both took the key and ran on
        // with the dummy value ("super: yielded greet 1, result 11 log [subclass got 0]")
        String user = "org\\.example\\.plain\\.";
        assertTrue(lines.get(3).matches("super: refused: A suspension in " + user + "Greeter#greet \\(Greeter\\.java:\\d+\\)"
                + " cannot be saved: " + user + "LoggingGreeter#greet \\(LoggingGreeter\\.java:\\d+\\)"
                + " .* Fix: annotate " + user + "LoggingGreeter#greet .* with @Coroutine.* log \\[\\]"), lines.get(3));
        // the fix it gives: the annotated override is rewritten, and its super call gives plain Java's result
        assertEquals("super fixed: yielded greet 1, result 1100 log [subclass got 11]", lines.get(4));
        assertTrue(lines.get(5).matches("static: refused: A suspension in " + user + "Counter#get \\(Counter\\.java:\\d+\\)"
                + " cannot be saved: " + user + "StaticForwarder#get \\(StaticForwarder\\.java:\\d+\\)"
                + " .* Fix: annotate " + user + "StaticForwarder#get .* with @Coroutine.* log \\[\\]"), lines.get(5));
    }

    /**
     * A call inside a coroutine that is the first use of its class, whose static initialiser calls the same coroutine
     * method (program {@code ClassInitByCall}): the JVM runs the initialiser between the call site and the method. Found
     * 2026-12-07: an armed static call (every static call with the virtual entries off, and with them on a call of an
     * interface's static method or one made from an interface) let the initialiser's call take the key it armed, so a
     * yield there suspended through the initialiser, which went on with a dummy value ("LazyCallee init got 0"), and
     * the coroutine's own call then failed as a foreign one; an initialiser whose call did not yield made the
     * coroutine's call fail the same way. Now the initialiser's yield fails at the yield naming {@code <clinit>} (the
     * initialiser does not go on: no "init got" in the log), and a quiet initialiser leaves the coroutine's call to
     * suspend and resume as in plain Java, with the entries on and off.
     */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aStaticInitialiserRunByACallInsideACoroutine_neverGoesOnWithADummyValue(String entries) throws Exception {
        Outcome outcome = runProgram(dev.coflow.it.programs.ClassInitByCall.class.getName(), "-Dcoflow.virtualEntries=" + entries,
                agent("verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        List<String> lines = outcome.stdout().lines().toList();
        assertEquals(4, lines.size(), outcome.stdout());
        String program = "dev\\.coflow\\.it\\.programs\\.ClassInitByCall\\$";
        String fix = " Fix: a constructor or static initialiser cannot suspend; move the call into a @Coroutine method.*";
        String yielding = "dev\\.coflow\\.it\\.programs\\.ClassInitByCall#yielding \\(ClassInitByCall\\.java:\\d+\\)";
        assertTrue(lines.get(0).matches("lazy: ExceptionInInitializerError: A suspension in " + yielding
                + " cannot be saved: " + program + "Lazy#<clinit> .*" + fix + " log \\[Lazy init, value\\(1\\) yields\\]"), lines.get(0));
        assertEquals("quiet: yielded 4, returned 130 log [QuietInit init got 30, value(4) yields, value(4) got 100]", lines.get(1));
        assertTrue(lines.get(2).matches("face: ExceptionInInitializerError: A suspension in " + yielding
                + " cannot be saved: " + program + "LazyFace#<clinit> .*" + fix + " log \\[LazyFace init, face value\\(5\\) yields\\]"), lines.get(2));
        assertTrue(lines.get(3).matches("fromInterface: ExceptionInInitializerError: A suspension in " + yielding
                + " cannot be saved: " + program + "LazyCallee#<clinit> .*" + fix + " log \\[LazyCallee init, callee value\\(7\\) yields\\]"),
                lines.get(3));
    }

    /**
     * Mockito's inline mock of a rewritten class, inside a coroutine: the mock's stubbed answers, as in plain Java. The
     * mock maker retransforms the class to answer in the methods' own code, which a call of a virtual entry would
     * skip; the agent sees it and calls the methods themselves from then on (design.md, "Virtual entries"). Without
     * that (the watcher switched off, checked) the coroutine got a value no stub gave: "mock: [stubbed a, null]".
     */
    /**
     * What {@code MockedService} prints: every stub answers, as in plain Java, and a yield in a real method Mockito runs
     * fails at the yield naming Mockito, where plain Java would go on (see there), as {@link #mockedServiceNormalised}
     * writes it.
     */
    static final String MOCKED_SERVICE_OUTPUT = "real: [waiting for b, real a, real b]\nmock: [stubbed a, stubbed b]\n"
            + "real again: [waiting for b, real a, real b]\n"
            + refusedByMockito("spy", "[]", "fetchLater") + "spy stubbed: [stubbed c and stubbed c']\n"
            + "real twice: [waiting for c, waiting for c', real c and real c']\n"
            + refusedByMockito("spy final", "[]", "fetchLaterFinal") + "spy final stubbed: [stubbed d and stubbed d']\n"
            + refusedByMockito("static", "[]", "lookUp") + "static stubbed: [stubbed e and stubbed e']\n"
            + "static again: [looking up e, looking up e', real e and real e']\n"
            + refusedByMockito("answer", "[real y!]", "fetchLater");

    private static String refusedByMockito(String label, String yielded, String method) {
        return label + ": refused after " + yielded + ": A suspension in dev.coflow.it.programs.MockedService$Service#" + method
                + " (MockedService.java) cannot be saved: Mockito (...) called its method from its own code, an answer calling"
                + " the real method of a spy or of a mock (callRealMethod, CALLS_REAL_METHODS), and Mockito's frames would go on"
                + " running with a dummy value. Fix: where the test needs the method to suspend, call it on a real object instead"
                + " of a spy or mock (a subclass of your own can replace the methods you would stub), or stub it (doReturn) so"
                + " that it does not suspend.\n";
    }

    /** {@code MockedService}'s output without its line numbers and the name of Mockito's frame (a class Mockito generates). */
    static String mockedServiceNormalised(String output) {
        return output.replace("\r", "").replaceAll("\\(MockedService\\.java:\\d+\\)", "(MockedService.java)")
                .replaceAll("Mockito \\(org\\.mockito\\.[^ ]*\\)", "Mockito (...)");
    }

    /**
     * Mockito's inline mock of a rewritten class, inside a coroutine: the mock's stubbed answers, as in plain Java. The
     * mock maker retransforms the class to answer in the methods' own code, which a call of a virtual entry would
     * skip; the agent sees it and calls the methods themselves from then on (design.md, "Virtual entries"). Without
     * that (the watcher switched off, checked) the coroutine got a value no stub gave: "mock: [stubbed a, null]". A
     * real method Mockito runs cannot suspend: before the agent watched the bridges of classes another agent changed
     * (2026-12-07), the answer's line gave "[real y!, waiting for x, real x]", its "!" lost, and the spy's lines went on
     * through Mockito's frames.
     */
    @Test
    void aMockitoInlineMockOfARewrittenClass_answersWithItsStubs_insideACoroutine() throws Exception {
        Outcome outcome = runProgram(dev.coflow.it.programs.MockedService.class.getName(), "-XX:+EnableDynamicAgentLoading",
                agent("verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals(MOCKED_SERVICE_OUTPUT, mockedServiceNormalised(outcome.stdout()), outcome.stderr());
    }

    /**
     * Catalogue 75: the agent attached at run time (the program attaches it to itself). A coroutine class loaded before
     * is not rewritten: the attach names it in a warning, and its yield fails at the yield saying why and how to fix it;
     * a class loaded after the attach is rewritten and runs.
     */
    @Test
    void selfAttach_classLoadedBefore_failsAtTheYield_classLoadedAfter_runs() throws Exception {
        Outcome outcome = runProgram(dev.coflow.it.programs.SelfAttach.class.getName(), "-Djdk.attach.allowAttachSelf=true",
                "-XX:+EnableDynamicAgentLoading", "-Dcoflow.it.agentJar=" + AgentJarIT.agentJar());

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        List<String> lines = outcome.stdout().lines().toList();
        assertEquals(3, lines.size(), outcome.stdout());
        assertEquals("loaded before the agent: Early", lines.get(0));
        assertEquals("late: result late got 10", lines.get(1));
        assertTrue(lines.get(2).matches("early: refused: Coroutines\\.yield\\(value\\) was called in dev\\.coflow\\.it\\.programs\\.SelfAttach\\$Early#body"
                + " \\(SelfAttach\\.java:\\d+\\), a coroutine method the coflow agent did not rewrite: its class was loaded before the"
                + " agent was attached to the running JVM, .* Fix: attach the agent at start-up with -javaagent:instrument-agent\\.jar"
                + " instead of at run time\\."), lines.get(2));
        assertEquals("[coflow] WARNING 1 class with @Coroutine methods loaded before the agent was attached will not be rewritten,"
                + " and a yield in them fails: dev.coflow.it.programs.SelfAttach$Early. Fix: attach the agent at start-up with"
                + " -javaagent:instrument-agent.jar instead of at run time.", outcome.stderr().strip());
    }

    /**
     * Catalogue 74: one plug-in class defined by two child-first class loaders in one JVM under the agent: each copy is
     * rewritten (its own hierarchy, read through its own loader), and generators of both copies, interleaved on one
     * thread, yield their own values with their own static state.
     */
    @Test
    void sameClassInTwoLoaders_eachCopyRewritten_andTheirGeneratorsRunInterleaved() throws Exception {
        Outcome outcome = runProgram(dev.coflow.it.programs.TwoLoaders.class.getName(), agent("verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals("", outcome.stderr());
        assertEquals(List.of("two copies: true", "rewritten: true true",
                "a 1 of generator 1 in first", "b 1 of generator 1 in second", "c 1 of generator 2 in first",
                "a 2 of generator 1 in first", "b 2 of generator 1 in second", "c 2 of generator 2 in first",
                "a 3 of generator 1 in first", "b 3 of generator 1 in second", "c 3 of generator 2 in first"),
                outcome.stdout().lines().toList());
    }

    /**
     * Catalogue 65: a class file with the preview minor version (0xFFFF, which javac writes for code that uses a preview
     * feature of the JDK it targets), loaded by a JVM run with {@code --enable-preview}: the agent rewrites it, keeps
     * the minor version (the JVM refuses a preview class file of another major version, and a preview one is loadable
     * only with the flag), and it runs. The source uses no preview feature, which changes from JDK to JDK: the minor
     * version is set in the compiled file, as javac would for one that did.
     */
    @Test
    void previewClassFile_isRewrittenKeepingItsMinorVersion_andRunsWithEnablePreview() throws Exception {
        Path src = temp.resolve("preview-src/preview/Main.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package preview;

                import dev.coflow.Coroutine;
                import dev.coflow.Coroutines;

                public class Main {
                    @Coroutine
                    static void count() {
                        for (int i = 1; i <= 3; i++) {
                            Coroutines.yield("preview " + i);
                        }
                    }

                    public static void main(String[] args) {
                        for (Object v : Coroutines.generate(Main::count)) {
                            System.out.println(v);
                        }
                    }
                }
                """);
        Path classes = temp.resolve("preview-classes");
        int feature = Runtime.version().feature();
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", String.valueOf(feature),
                "-cp", AgentJarIT.coreLocation().toString(), "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "javac");
        Path main = classes.resolve("preview/Main.class");
        byte[] bytes = Files.readAllBytes(main);
        bytes[4] = (byte) 0xFF;
        bytes[5] = (byte) 0xFF;
        Files.write(main, bytes);
        Path dump = temp.resolve("preview-dump");

        Outcome outcome = runProgramOn(classes + java.io.File.pathSeparator + AgentJarIT.coreLocation(), "preview.Main",
                "--enable-preview", agent("verify=true,trace=true,dump=" + dump));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals("preview 1\npreview 2\npreview 3\n", outcome.stdout());
        assertTrue(outcome.stderr().contains("[coflow] rewrote preview.Main"), outcome.stderr());
        assertFalse(outcome.stderr().contains("ERROR"), outcome.stderr());
        byte[] after = Files.readAllBytes(dump.resolve("preview/Main.after.class"));
        assertEquals(0xFFFF, ((after[4] & 0xFF) << 8) | (after[5] & 0xFF), "minor version of the rewritten class");
        assertEquals(44 + feature, ((after[6] & 0xFF) << 8) | (after[7] & 0xFF), "major version of the rewritten class");
    }

    /**
     * Catalogue 78: an application that brings its own ASM (here a stand-in with ASM's package and class names and
     * behaviour of its own, as any other version would have) beside the agent. The agent's ASM is relocated inside its
     * jar, so neither sees the other's: the agent rewrites and the application's coroutine runs, while the application's
     * {@code org.objectweb.asm} classes are its own.
     */
    @Test
    void applicationWithItsOwnAsm_seesItsOwn_whileTheAgentRewritesWithIts() throws Exception {
        Path src = temp.resolve("asm-src");
        Path opcodes = src.resolve("org/objectweb/asm/Opcodes.java");
        Path reader = src.resolve("org/objectweb/asm/ClassReader.java");
        Path app = src.resolve("app/UsesAsm.java");
        Files.createDirectories(opcodes.getParent());
        Files.createDirectories(app.getParent());
        Files.writeString(opcodes, """
                package org.objectweb.asm;

                public interface Opcodes {
                    int ASM9 = 42;
                    String WHOSE = "the application's";
                }
                """);
        Files.writeString(reader, """
                package org.objectweb.asm;

                public class ClassReader {
                    private final byte[] bytes;

                    public ClassReader(byte[] bytes) {
                        this.bytes = bytes;
                    }

                    public String getClassName() {
                        return Opcodes.WHOSE + " reader of " + bytes.length + " bytes";
                    }
                }
                """);
        Files.writeString(app, """
                package app;

                import dev.coflow.Coroutine;
                import dev.coflow.Coroutines;

                public class UsesAsm {
                    @Coroutine
                    static void steps() {
                        Coroutines.yield("asm " + org.objectweb.asm.Opcodes.ASM9);
                        Coroutines.yield(new org.objectweb.asm.ClassReader(new byte[7]).getClassName());
                    }

                    public static void main(String[] args) {
                        for (Object v : Coroutines.generate(UsesAsm::steps)) {
                            System.out.println(v);
                        }
                    }
                }
                """);
        Path classes = temp.resolve("asm-classes");
        String core = AgentJarIT.coreLocation().toString();
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp", core,
                "-d", classes.toString(), opcodes.toString(), reader.toString(), app.toString());
        assertEquals(0, rc, "javac");

        Outcome outcome = runProgramOn(classes + java.io.File.pathSeparator + core, "app.UsesAsm", agent("verify=true,trace=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        assertEquals("asm 42\nthe application's reader of 7 bytes\n", outcome.stdout());
        assertTrue(outcome.stderr().contains("[coflow] rewrote app.UsesAsm"), outcome.stderr());
        assertFalse(outcome.stderr().contains("ERROR"), outcome.stderr());
    }

    /** The same forwarders under strict mode: the default check refuses each first, with the same message. */
    @Test
    void strict_refusesSuspensionsThroughSameNameForwarders_asTheDefaultCheckDoes() throws Exception {
        Outcome strict = runProgram(dev.coflow.it.programs.Forwarders.class.getName(), agent("strict=true,verify=true"));
        Outcome plain = runProgram(dev.coflow.it.programs.Forwarders.class.getName(), agent("verify=true"));

        assertEquals(0, strict.exitCode(), strict.stderr());
        assertEquals(7, strict.stdout().lines().count(), strict.stdout());
        assertEquals(plain.stdout(), strict.stdout());
    }

    @Test
    void strict_namesAForeignFrameAtTheYieldAndLetsLegalChainsRun() throws Exception {
        Outcome outcome = runProgram(dev.coflow.it.programs.StrictChains.class.getName(), agent("strict=true,verify=true"));

        assertEquals(0, outcome.exitCode(), outcome.stderr());
        List<String> lines = outcome.stdout().lines().toList();
        assertEquals(List.of("step 1", "step 2", "sum 30", "a", "b", "reflective", "proxied reflective"), lines.subList(0, 7), outcome.stdout());
        assertEquals(8, lines.size(), outcome.stdout());
        String detected = lines.get(7);
        // the JDK's forEach of List.of(1): Iterable#forEach on JDK 17, ImmutableCollections$List12#forEach on JDK 25
        // caught by the default check at the yield (the bridge of the lambda was not entered from a rewritten frame)
        assertTrue(detected.matches("detected: A suspension in dev\\.coflow\\.it\\.programs\\.StrictChains#lambda\\$main\\$\\d+ \\(StrictChains\\.java:\\d+\\)"
                + " cannot be saved: (java\\.util\\.[\\w.$]+|java\\.lang\\.Iterable)#forEach \\(.*"), detected);
        assertTrue(detected.contains("use a plain loop"), detected);
        assertTrue(!outcome.stdout().contains("after forEach"), "the code after forEach ran: " + outcome.stdout());
    }
}
