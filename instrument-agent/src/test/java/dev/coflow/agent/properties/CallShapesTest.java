package dev.coflow.agent.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.Roots;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Point 1 and 3 of the soundness rules, generated: every call shape of {@link CallShapes} (caller
 * kind x forwarder kind x (actual, declared) return type, about 950 of them), run rewritten as a
 * coroutine that suspends in the callee and is sent the value it would have computed, and compared
 * with the same classes loaded WITHOUT rewriting and run as plain Java. The caller's string — the
 * value it received after every conversion, or the exception (class and message; a
 * {@code NullPointerException} by class) — must be the same. The jqwik property draws 2,000 of
 * (shape, value, suspends or not, throws before or after the yield or not) per run
 * ({@code -Dcoflow.longRun=true}: 20 times as many). Every shape once more compiled by the Eclipse compiler (ECJ)
 * instead of javac (catalogue 61): its plain run and its rewritten run must agree too.
 */
@AddLifecycleHook(LongRunTries.class)
class CallShapesTest {
    private static Compiled compiled;
    private static Compiled compiledByEcj;

    record Compiled(List<CallShapes.Shape> shapes, DirectoryLoader rewritten, DirectoryLoader plain) {
    }

    static synchronized Compiled compiled() throws IOException {
        if (compiled == null) {
            compiled = compile(false);
        }
        return compiled;
    }

    static synchronized Compiled compiledByEcj() throws IOException {
        if (compiledByEcj == null) {
            compiledByEcj = compile(true);
        }
        return compiledByEcj;
    }

    private static Compiled compile(boolean ecj) throws IOException {
        CallShapes.Generated generated = CallShapes.generate();
        Path dir = Files.createTempDirectory(ecj ? "coflow-shapes-ecj" : "coflow-shapes");
        List<String> args = new ArrayList<>(List.of("-g", "-nowarn", "-cp", System.getProperty("java.class.path"), "-d", dir.toString()));
        if (ecj) {
            args.addAll(0, List.of("--release", "17", "-proc:none", "-encoding", "UTF-8"));
        }
        for (Map.Entry<String, String> e : generated.sources().entrySet()) {
            Path file = dir.resolve("src/gen/" + e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        if (ecj) {
            java.io.StringWriter out = new java.io.StringWriter();
            boolean ok = org.eclipse.jdt.core.compiler.batch.BatchCompiler.compile(args.toArray(new String[0]),
                    new java.io.PrintWriter(out), new java.io.PrintWriter(out), null);
            assertTrue(ok, () -> "ECJ of the generated call shapes:\n" + out);
        } else {
            int rc = ToolProvider.getSystemJavaCompiler().run(null, null, System.err, args.toArray(new String[0]));
            assertEquals(0, rc, "javac of the generated call shapes");
        }
        // the REFUSED forwarders' synchronized call methods are refused, as they must be
        return new Compiled(generated.shapes(), new DirectoryLoader(dir, true,
                d -> d.problem() == dev.coflow.rewriter.report.Problem.SYNCHRONIZED_METHOD && d.owner().startsWith("gen/Shapes")
                        && "call".equals(d.method()), CallShapes.NEVER_REWRITTEN), new DirectoryLoader(dir, false));
    }

    /** What the shape's caller returns, run as plain Java from the classes as javac wrote them. */
    private static String plain(Compiled c, CallShapes.Shape shape, int k0, int thr) throws Exception {
        Method m = c.plain().loadClass(shape.className()).getMethod(shape.method(), int.class, boolean.class, int.class);
        try {
            return (String) m.invoke(null, k0, false, thr);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new AssertionError(shape + ": the plain run threw " + e.getCause(), e.getCause());
        }
    }

    /** The same, rewritten, as a coroutine: the callee suspends (when {@code suspend}) and is sent what it would have computed. */
    private static String coroutine(Compiled c, CallShapes.Shape shape, int k0, boolean suspend, int thr) throws Exception {
        Method m = c.rewritten().loadClass(shape.className()).getMethod(shape.method(), int.class, boolean.class, int.class);
        CoroutineHandle<Object, Object> h = Roots.coroutine(m, k0, suspend, thr);
        try {
            Object first = h.next();
            assertTrue(suspend && thr != 1, () -> shape + ": suspended though it should not have: " + first);
            assertEquals("y" + k0, first, shape + " yielded");
            Object second = h.send(k0 + 100);
            throw new AssertionError(shape + ": suspended twice: " + second);
        } catch (StopIteration done) {
            return (String) done.value();
        }
    }

    private static void check(CallShapes.Shape shape, int k0, boolean suspend, int thr) throws Exception {
        check(compiled(), shape, k0, suspend, thr);
    }

    private static void check(Compiled c, CallShapes.Shape shape, int k0, boolean suspend, int thr) throws Exception {
        String expected = plain(c, shape, k0, thr);
        String actual = coroutine(c, shape, k0, suspend, thr);
        if (shape.caller() == CallShapes.Caller.PLAIN_CALLBACK && suspend && thr != 1) {
            // the callback runs below a plain root and the library: its suspension fails at the yield, naming the library
            assertTrue(actual.startsWith("EX dev.coflow.NotRewrittenException: A suspension in gen.Callees#")
                            && actual.contains("cannot be saved: gen.Lib#call"),
                    () -> shape + ", k0=" + k0 + ": expected the refusal at the yield, got " + actual);
            return;
        }
        if (CallShapes.refusesSuspension(shape.forwarder()) && suspend && thr != 1) {
            // a suspension below a refused frame, or below a plain one that calls the same method on another object,
            // fails at the yield, naming that frame, before anything else runs; the caller catches it and renders it
            // (plain Java, which never suspends, gives the value)
            String refusal = "EX dev.coflow.NotRewrittenException: A suspension in gen.";
            String frame = switch (shape.forwarder()) {
                case REFUSED -> shape.className() + "$";
                case DECORATOR -> "gen.Deco_" + shape.declared() + "#call";
                case PROXY -> "jdk.internal.reflect."; // the handler's Method.invoke: the first frame below the lambda
                case AND_THEN -> "java.util.function.Function#lambda$andThen$";
                case SUPER_CALL -> "gen.PlainSuper#im_" + shape.actual().name();
                case STATIC_SAME_NAME -> "gen.SDeco_" + shape.actual().name() + "#call";
                case STATIC_EXCLUDED -> "gen.XStatic_" + shape.actual().name() + "#call";
                case NOT_FUNCTIONAL -> shape.className() + "#" + shape.method(); // annotated, but no suspension point of its own
                default -> throw new AssertionError(shape.forwarder());
            };
            if (shape.forwarder() == CallShapes.Forwarder.NOT_FUNCTIONAL) {
                assertTrue(actual.contains("because its call of gen.N_" + shape.declared() + "#call is not one"),
                        () -> shape + ", k0=" + k0 + ": the fix does not name the interface: " + actual);
            }
            assertTrue(actual.startsWith(refusal) && actual.contains("cannot be saved: " + frame),
                    () -> shape + ", k0=" + k0 + ": expected the refusal at the yield, got " + actual);
            return;
        }
        assertEquals(expected, actual, () -> shape + ", k0=" + k0 + ", suspend=" + suspend + ", thr=" + thr);
    }

    @org.junit.jupiter.api.Test
    void everyShape_suspendingGivesWhatPlainJavaGives() throws Exception {
        everyShape(compiled());
    }

    /** The same classes as the Eclipse compiler writes them (its own lambda bodies, bridges, switches and frames). */
    @org.junit.jupiter.api.Test
    void everyShape_compiledByEcj_suspendingGivesWhatPlainJavaGives() throws Exception {
        everyShape(compiledByEcj());
    }

    private static void everyShape(Compiled c) throws Exception {
        assertTrue(c.shapes().size() > 900, "shapes: " + c.shapes().size());
        List<String> failures = new ArrayList<>();
        for (CallShapes.Shape shape : c.shapes()) {
            for (int k0 : new int[] {0, 1, 3}) {
                try {
                    check(c, shape, k0, true, 0);
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " failed, among them:\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
        assertTrue(c.rewritten().rewritten().size() > 14, "rewritten classes: " + c.rewritten().rewritten());
    }

    @Property(tries = 2000)
    void anyShape_anyValue_suspendingOrNot_throwingOrNot_asPlainJava(@ForAll("shapes") CallShapes.Shape shape,
                                                                     @ForAll @IntRange(min = 0, max = 60) int k0,
                                                                     @ForAll boolean suspend,
                                                                     @ForAll @IntRange(min = 0, max = 2) int thr) throws Exception {
        check(shape, k0, suspend, thr);
    }

    /** The same, on the classes as ECJ compiles them (its exception tables and finally blocks are not javac's). */
    @Property(tries = 500)
    void anyShape_compiledByEcj_anyValue_suspendingOrNot_throwingOrNot_asPlainJava(@ForAll("shapes") CallShapes.Shape shape,
                                                                                  @ForAll @IntRange(min = 0, max = 60) int k0,
                                                                                  @ForAll boolean suspend,
                                                                                  @ForAll @IntRange(min = 0, max = 2) int thr) throws Exception {
        check(compiledByEcj(), shape, k0, suspend, thr);
    }

    @Provide
    Arbitrary<CallShapes.Shape> shapes() throws IOException {
        return Arbitraries.of(compiled().shapes());
    }
}
