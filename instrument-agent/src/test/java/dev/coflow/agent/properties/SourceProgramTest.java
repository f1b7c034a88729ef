package dev.coflow.agent.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.GeneratorExit;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.Roots;
import dev.coflow.agent.properties.programs.SourcePrograms;
import dev.coflow.agent.properties.programs.Twin;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.tools.ToolProvider;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;

/**
 * Generated Java programs ({@link SourcePrograms}), compiled by javac, run rewritten as coroutines and compared with
 * their plain twins: the same source with every yield a call of {@link Twin#yield(Object)}, which records the value and
 * evaluates to what the coroutine's driver sends there. The trace (every value recorded, yielded and caught, in order)
 * and the outcome (the value returned, or the exception thrown out) must be the same, for every entry method, with
 * nothing thrown in, with {@code throwIn} at the first, a middle and the last yield, and with {@code close()} at each of
 * those ({@link Twin#reset(int, int)}; a run cut inside a delegation compares up to the cut, {@link Twin#cutInDelegate()}).
 * A try whose class the compiler itself crashes on, or writes invalid code for (ASM cannot read or analyse it), is
 * dropped, not failed (javac 17.0.15's {@code Flow}, javac's switch expressions over a {@code long} on the stack and
 * ECJ 3.40 have such bugs, which the generator steers clear of where it knows them). Each try compiles one class of
 * 24 entries and 6 helpers; {@code -Dcoflow.longRun=true} tries 20 times as many. On JDK 21 or later the programs also
 * use Java 21's patterns (javac compiles for the running JDK, ECJ for release 21), so CI's JDK 25 run checks them.
 */
@AddLifecycleHook(LongRunTries.class)
class SourceProgramTest {
    private static final int HELPERS = 6;
    private static final int ENTRIES = 24;
    /** On JDK 21 or later the programs also use Java 21's pattern switches and record patterns (javac's own release, ECJ's 21). */
    private static final boolean MODERN = Runtime.version().feature() >= 21;

    // no shrinking: a smaller seed is another program, not a smaller one, and jqwik shrinks in a thread of its own
    // that goes on after its time limit, running programs beside the next try's (Twin's trace is one run's)
    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void javacCompiledPrograms_rewritten_behaveAsTheirPlainTwins(@ForAll long seed) throws Exception {
        check(seed, false);
    }

    /** The same programs compiled by the Eclipse compiler (its own finally copies, switch and try-with-resources code). */
    @Property(tries = 3, shrinking = ShrinkingMode.OFF)
    void ecjCompiledPrograms_rewritten_behaveAsTheirPlainTwins(@ForAll long seed) throws Exception {
        check(seed, true);
    }

    /** One fixed seed, so that a plain {@code mvn test -Dtest=SourceProgramTest} always runs the same class too. */
    @Test
    void aFixedSeed_behavesAsItsPlainTwin() throws Exception {
        check(20261207L, false);
    }

    private static void check(long seed, boolean ecj) throws Exception {
        Path dir = Files.createTempDirectory("coflow-source-programs");
        try {
            check(seed, ecj, dir);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The first class file under {@code dir} ASM cannot read, or method its {@code BasicVerifier} rejects, or null. */
    private static String invalidCompilerOutput(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
                try {
                    new org.objectweb.asm.ClassReader(Files.readAllBytes(f)).accept(node, 0);
                } catch (RuntimeException e) {
                    return f.getFileName() + " cannot be read: " + e; // ECJ's branch past the code's end, the same bug
                }
                for (org.objectweb.asm.tree.MethodNode m : node.methods) {
                    try {
                        new org.objectweb.asm.tree.analysis.Analyzer<>(new org.objectweb.asm.tree.analysis.BasicVerifier()).analyze(node.name, m);
                    } catch (org.objectweb.asm.tree.analysis.AnalyzerException e) {
                        return node.name + "#" + m.name + m.desc + ": " + e.getMessage();
                    }
                }
            }
        }
        return null;
    }

    private static void check(long seed, boolean ecj, Path dir) throws Exception {
        String name = "S" + Long.toUnsignedString(seed, 36);
        SourcePrograms.Generated g = SourcePrograms.generate(name, seed, HELPERS, ENTRIES, ecj, MODERN);
        Path coroutineFile = dir.resolve("src/gen/" + name + ".java");
        Path plainFile = dir.resolve("src/genplain/" + name + ".java");
        Files.createDirectories(coroutineFile.getParent());
        Files.createDirectories(plainFile.getParent());
        Files.writeString(coroutineFile, g.coroutineSource());
        Files.writeString(plainFile, g.plainSource());
        java.io.ByteArrayOutputStream javacOut = new java.io.ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-g", "-nowarn", "-proc:none", "-cp", System.getProperty("java.class.path"),
                "-d", dir.toString(), coroutineFile.toString(), plainFile.toString()));
        boolean compiled;
        if (ecj) {
            args.addAll(0, List.of("--release", MODERN ? "21" : "17", "-encoding", "UTF-8"));
            java.io.PrintWriter w = new java.io.PrintWriter(javacOut, true);
            compiled = org.eclipse.jdt.core.compiler.batch.BatchCompiler.compile(args.toArray(new String[0]), w, w, null);
        } else {
            compiled = ToolProvider.getSystemJavaCompiler().run(null, javacOut, javacOut, args.toArray(new String[0])) == 0;
        }
        String diagnostics = javacOut.toString();
        // a compiler's own crash is not a finding about coflow: the try is dropped (jqwik counts it as rejected)
        net.jqwik.api.Assume.that(compiled || !diagnostics.contains("An exception has occurred in the compiler")
                && !diagnostics.contains("Internal compiler error"));
        assertTrue(compiled, () -> "the generator wrote a program " + (ecj ? "ECJ" : "javac") + " refuses (seed " + seed + "):\n"
                + javacOut + "\n" + g.coroutineSource());
        // nor is a compiler's invalid output (ECJ 3.40 writes a branch to itself for !(false && c()) in a loop, which the
        // generator now steers clear of): a class the rewriter cannot analyse is refused, rightly, so the try is dropped
        String invalid = invalidCompilerOutput(dir);
        if (invalid != null) {
            System.err.println("SourceProgramTest: seed " + seed + " dropped, " + (ecj ? "ECJ" : "javac") + " wrote invalid code: " + invalid);
        }
        net.jqwik.api.Assume.that(invalid == null);
        DirectoryLoader rewritten = new DirectoryLoader(dir, true);
        DirectoryLoader plain = new DirectoryLoader(dir, false);
        Class<?> coroutineClass = rewritten.loadClass("gen." + name);
        Class<?> plainClass = plain.loadClass("genplain." + name);
        assertTrue(rewritten.rewritten().contains("gen." + name), () -> "not rewritten: " + rewritten.rewritten());
        List<String> failures = new ArrayList<>();
        int yields = 0;
        for (String entry : g.entries()) {
            Method c = coroutineClass.getMethod(entry, int.class, String.class);
            Method p = plainClass.getMethod(entry, int.class, String.class);
            for (int a : new int[] {0, 3}) {
                String b = a == 0 ? "" : "b" + a;
                Run base = plain(p, a, b, -1, -1);
                int n = base.yields();
                yields += n;
                TreeSet<Integer> at = new TreeSet<>(List.of(-1));
                if (n > 0) {
                    at.addAll(List.of(0, n / 2, n - 1));
                }
                for (int k : at) {
                    // thrown into at yield k, and closed there (for k >= 0)
                    for (boolean close : k < 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                        int throwAt = close ? -1 : k;
                        int closeAt = close ? k : -1;
                        Run expected = k < 0 ? base : plain(p, a, b, throwAt, closeAt);
                        boolean cutInDelegate = close && Twin.cutInDelegate();
                        Run actual = coroutine(c, a, b, throwAt, closeAt);
                        if (cutInDelegate) {
                            // a delegate yielded after the exit: from there on the two differ by design (Twin#cutInDelegate)
                            int cut = expected.events().size();
                            expected = new Run(expected.events(), "cut in a delegate");
                            actual = new Run(actual.events().subList(0, Math.min(cut, actual.events().size())), "cut in a delegate");
                        }
                        if (!expected.equals(actual)) {
                            failures.add("seed " + seed + (ecj ? " (ECJ)" : "") + ", " + entry + "(" + a + ", \"" + b + "\"), "
                                    + (close ? "closed" : "thrown into") + " at yield " + k
                                    + ":\n" + difference(expected, actual) + "\n" + g.methodSource(entry));
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " runs differ; the first:\n" + String.join("\n", failures.subList(0, Math.min(3, failures.size())))
                + "\nthe whole class:\n" + g.coroutineSource());
        assertTrue(yields > ENTRIES, "the programs yielded only " + yields + " times in all");
    }

    /** The events of one run and how it ended. */
    record Run(List<String> events, String outcome) {
        int yields() {
            return (int) events.stream().filter(e -> e.startsWith("Y ")).count();
        }

        @Override
        public String toString() {
            return outcome + " after " + events;
        }
    }

    /** Where two runs part: their outcomes, and the events around the first that differs. */
    private static String difference(Run expected, Run actual) {
        List<String> e = expected.events();
        List<String> c = actual.events();
        int i = 0;
        while (i < e.size() && i < c.size() && e.get(i).equals(c.get(i))) {
            i++;
        }
        int from = Math.max(0, i - 6);
        return "  plain:     " + expected.outcome() + " after " + e.size() + " events\n  coroutine: " + actual.outcome() + " after "
                + c.size() + " events\n  the same up to event " + i + "; from event " + from + ":\n  plain:     "
                + e.subList(from, Math.min(e.size(), i + 4)) + "\n  coroutine: " + c.subList(from, Math.min(c.size(), i + 4));
    }

    private static Run plain(Method m, int a, String b, int throwAt, int closeAt) throws Exception {
        Twin.reset(throwAt, closeAt);
        m.getDeclaringClass().getMethod("reset").invoke(null); // the objects' fields as each run starts
        String outcome;
        try {
            outcome = "returned " + m.invoke(null, a, b);
            if (Twin.exitThrown()) {
                // the body returned after the GeneratorExit (a handler caught what a finally threw in its place): close() returns
                outcome = CLOSED;
            }
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            outcome = t instanceof GeneratorExit ? CLOSED : threw(t);
        }
        if (Twin.wasCut()) {
            // close() fails at the first yield after the exit; the twin's finally blocks ran on from there (Twin#wasCut)
            outcome = CLOSE_FAILED;
        }
        return new Run(Twin.events(), outcome);
    }

    private static final String CLOSED = "closed";
    private static final String CLOSE_FAILED = "close() failed: the body yielded after the GeneratorExit";

    private static Run coroutine(Method m, int a, String b, int throwAt, int closeAt) throws Exception {
        Twin.reset(-1, -1);
        m.getDeclaringClass().getMethod("reset").invoke(null);
        CoroutineHandle<Object, Object> h = Roots.coroutine(m, a, b);
        String outcome;
        try {
            Object y = h.next();
            for (int k = 0; ; k++) {
                Twin.yielded(y);
                if (k > 1_000_000) {
                    return new Run(Twin.events(), "still yielding after 1,000,000 values");
                }
                if (k == closeAt) {
                    try {
                        h.close();
                        outcome = CLOSED;
                    } catch (IllegalStateException e) {
                        outcome = e.getMessage() != null && e.getMessage().startsWith("coroutine ignored GeneratorExit")
                                ? CLOSE_FAILED : threw(e);
                    }
                    break;
                }
                y = k == throwAt ? h.throwIn(Twin.thrownIn(k)) : h.send(Twin.sent(k));
            }
        } catch (StopIteration done) {
            outcome = "returned " + done.value();
        } catch (Throwable t) {
            outcome = threw(t);
        }
        return new Run(Twin.events(), outcome);
    }

    /** How a run ended by an exception; a refused yield reads the same in both copies (coflow's names its frames). */
    private static String threw(Throwable t) {
        StringBuilder s = new StringBuilder();
        if (t instanceof dev.coflow.NotRewrittenException || t instanceof Twin.Refused) {
            s.append("threw a refusal: ").append(Twin.refusal(t.getMessage()));
        } else {
            // a record pattern wraps what its accessor threw (a refusal among them) in a MatchException named by its message
            s.append("threw ").append(t.getClass().getName()).append(": ").append(Twin.refusal(t.getMessage()));
        }
        for (Throwable x : t.getSuppressed()) {
            // a resource's close() that threw after the body did (try-with-resources)
            s.append(" suppressing ").append(x.getClass().getName()).append(": ").append(Twin.refusal(x.getMessage()));
        }
        return s.toString();
    }
}
