package dev.coflow.agent.properties.programs;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.Generator;
import dev.coflow.StopIteration;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * Builds a generated program in both flavors, rewrites the REWRITTEN one with
 * {@link ClassRewriter#rewrite}, and runs each in a class loader of its own (so the JVM verifies
 * it): PLAIN as a plain call, REWRITTEN as the body of a coroutine driven with the same values
 * {@link PlainYield} returns. Both record into {@link Trace}.
 */
public final class ProgramRunner {
    /** Ticks each run may spend (method entries plus loop iterations). */
    public static final int FUEL = 400;
    private static final int MAX_YIELDS = 1_000_000;
    private static final String RUN = "run";
    /**
     * Held for the whole of each run: {@link Trace} and {@link PlainYield} are static, and jqwik may
     * still be shrinking a failure on a thread of its own (after its shrinking timeout) when the
     * next property starts.
     */
    private static final Object RUN_LOCK = new Object();
    /** Class files of the test class path, and the program being rewritten (remembered by the rewriter). */
    private static final ClassHierarchy HIERARCHY = new ClassHierarchy(ProgramRunner::resource);

    private ProgramRunner() {
    }

    /** The program in both flavors: {@code rewritten} is what the rewriter made of {@code annotated}. */
    public record Built(byte[] plain, byte[] annotated, byte[] rewritten, List<String> diagnostics) {
    }

    /** What one run did: its trace, and {@code return:<value>} or {@code threw:<exception>}. */
    public record Outcome(List<String> trace, String result) {
    }

    public static Built build(List<Op> ops) {
        return build(ops, false);
    }

    /** {@link #build(List)}, with instance methods when {@code instance} ({@link ProgramBuilder#build(List, ProgramBuilder.Flavor, ClassHierarchy, boolean)}). */
    public static Built build(List<Op> ops, boolean instance) {
        byte[] plain = ProgramBuilder.build(ops, ProgramBuilder.Flavor.PLAIN, HIERARCHY, instance);
        byte[] annotated = ProgramBuilder.build(ops, ProgramBuilder.Flavor.REWRITTEN, HIERARCHY, instance);
        ClassRewriter.Result result = ClassRewriter.rewrite(annotated, HIERARCHY, ClassRewriter.Options.DEFAULT);
        return new Built(plain, annotated, result.bytes(), result.diagnostics().stream().map(d -> d.render()).toList());
    }

    /** Runs the PLAIN flavor; its yield numbered {@code throwAt} throws {@link Sends#thrownIn()} (none when negative). */
    public static Outcome runPlain(byte[] plain, int throwAt) throws Throwable {
        return runPlain(plain, throwAt, -1);
    }

    /**
     * Runs the PLAIN flavor as {@link #runPlain(byte[], int)} does, and its yield numbered {@code closeAt} throws a
     * {@link dev.coflow.GeneratorExit} (none when negative): what {@code close()} does to a coroutine stopped there.
     * A yield after that one ends the comparison, as it makes {@code close()} fail ({@link PlainYield#reset(int, int)}).
     */
    public static Outcome runPlain(byte[] plain, int throwAt, int closeAt) throws Throwable {
        return runPlain(plain, throwAt, closeAt, false, 0, false);
    }

    /**
     * Runs the PLAIN flavor as {@link #runPlain(byte[], int, int)} does; with {@code pulled} each yield evaluates to
     * what the generator run of {@code seed} sends there (null for a pull, {@link Sends#value(int)} for a send:
     * {@link Sends#pull}), and with {@code buffered} the closing yield's value is recorded as
     * {@link PlainYield#NOT_TAKEN} ({@link #runGenerator}).
     */
    public static Outcome runPlain(byte[] plain, int throwAt, int closeAt, boolean pulled, long seed, boolean buffered) throws Throwable {
        MethodHandle run = load(plain);
        synchronized (RUN_LOCK) {
            try {
                return runPlain(run, throwAt, closeAt, pulled, seed, buffered);
            } finally {
                Trace.pipe(null);
            }
        }
    }

    private static Outcome runPlain(MethodHandle run, int throwAt, int closeAt, boolean pulled, long seed, boolean buffered) {
        Trace.reset(FUEL);
        PlainYield.reset(throwAt, closeAt, pulled, seed, buffered);
        startPipe(pipeTarget);
        String result;
        try {
            result = "return:" + Trace.render((Object) run.invokeExact());
        } catch (Throwable t) {
            result = "threw:" + Trace.describe(t);
        }
        int cut = PlainYield.cut();
        if (cut >= 0) {
            return new Outcome(Trace.events().subList(0, cut),
                    PlainYield.cutInDelegate() ? CUT_IN_DELEGATE : ignoredExit(describeValue(PlainYield.cutValue())));
        }
        return new Outcome(Trace.events(), result);
    }

    /**
     * The result of a PLAIN run in which a delegate yielded after the GeneratorExit of a close ({@link PlainYield#cutInDelegate}):
     * its trace holds the events before that yield, and another run matches it when its trace begins with them
     * ({@link #matches}).
     */
    public static final String CUT_IN_DELEGATE = "cut: a delegate being closed yielded (its close fails in its delegator, which a plain call does not model)";

    /**
     * Whether {@code run} did what the PLAIN run {@code plain} did: the same trace and result, or, when {@code plain}
     * was cut where a delegate being closed yielded ({@link #CUT_IN_DELEGATE}), the same trace up to there.
     */
    public static boolean matches(Outcome plain, Outcome run) {
        if (!plain.result().equals(CUT_IN_DELEGATE)) {
            return plain.equals(run);
        }
        List<String> before = plain.trace();
        return run.trace().size() >= before.size() && run.trace().subList(0, before.size()).equals(before);
    }

    /** The result of a run whose body yielded after {@code close()} raised GeneratorExit in it, and what it yielded. */
    private static final String IGNORED_EXIT = "close() failed: the body yielded after GeneratorExit: ";
    /** How {@code close()} begins its message when the body yields after the GeneratorExit (core's {@code Handle.ignoredExit}). */
    private static final String IGNORED_EXIT_MESSAGE = "coroutine ignored GeneratorExit: close() raised it at the yield, but the body"
            + " caught it and yielded ";

    /** The result of a failed close whose body yielded {@code described}; an array's identity hash left out. */
    private static String ignoredExit(String described) {
        return IGNORED_EXIT + described.replaceAll("^(\\[\\S*)@[0-9a-f]+$", "$1@<hash>");
    }

    /** A value as {@code close()}'s message shows it (core's {@code Handle.describeValue}). */
    private static String describeValue(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return value instanceof String ? '"' + text + '"' : text;
    }

    /**
     * Runs the rewritten flavor as a coroutine: each yielded value is recorded, and the yield numbered
     * {@code k} is resumed with {@link Sends#value(int)}, or with {@link Sends#thrownIn()} thrown in when
     * {@code k == throwAt}. With {@code other} set, resumes alternate between this thread and
     * {@code other}'s, switching every {@code switchEvery} resumes.
     */
    public static Outcome runRewritten(byte[] rewritten, int throwAt, ExecutorService other, int switchEvery) throws Throwable {
        return runRewritten(rewritten, throwAt, -1, other, switchEvery);
    }

    /**
     * Runs the rewritten flavor as {@link #runRewritten(byte[], int, ExecutorService, int)} does, and closes the
     * coroutine at the yield numbered {@code closeAt} (never when negative): the run ends there, with the body's
     * return value when it returned, {@code threw:GeneratorExit(...)} when the exit left it, what it threw when
     * that was another exception, and the value it yielded when it yielded again (the failed close).
     */
    public static Outcome runRewritten(byte[] rewritten, int throwAt, int closeAt, ExecutorService other, int switchEvery) throws Throwable {
        MethodHandle run = load(rewritten);
        synchronized (RUN_LOCK) {
            try {
                return runRewritten(run, throwAt, closeAt, other, switchEvery);
            } finally {
                Trace.pipe(null);
            }
        }
    }

    private static Outcome runRewritten(MethodHandle run, int throwAt, int closeAt, ExecutorService other, int switchEvery) {
        Trace.reset(FUEL);
        startPipe(pipeSelf ? run : pipeTarget);
        CoroutineHandle<Object, Object> handle = dev.coflow.agent.harness.Roots.coroutine(MethodHandles.reflectAs(java.lang.reflect.Method.class, run));
        String result;
        int resumes = 0;
        try {
            Object yielded = resume(() -> handle.next(), other, switchEvery, resumes++);
            for (int k = 0; ; k++) {
                Trace.yielded(yielded);
                if (k > MAX_YIELDS) {
                    throw new AssertionError("more than " + MAX_YIELDS + " yields");
                }
                if (k == closeAt) {
                    return closed(handle, other, switchEvery, resumes);
                }
                if (k == throwAt) {
                    yielded = resume(() -> handle.throwIn(Sends.thrownIn()), other, switchEvery, resumes++);
                } else {
                    int sent = k;
                    yielded = resume(() -> handle.send(Sends.value(sent)), other, switchEvery, resumes++);
                }
            }
        } catch (StopIteration stop) {
            result = "return:" + Trace.render(stop.value());
        } catch (Throwable t) {
            result = "threw:" + Trace.describe(t);
        }
        return new Outcome(Trace.events(), result);
    }

    /**
     * Runs the rewritten flavor as the body of a generator ({@code Coroutines.generate}) whose values are taken each in
     * one of the ways the API offers, picked from {@code seed} ({@link Sends#pull}): the iterator's {@code hasNext()}
     * (sometimes twice) then {@code next()}, {@code next()} alone, the handle's {@code send(null)} or {@code next()},
     * or a {@code send} of a value, now and then from a new {@code iterator()} (a generator is its own iterator: it goes
     * on where the last one stopped). The value after the yield numbered {@code throwAt} comes from {@code throwIn}. At the yield
     * numbered {@code closeAt} the generator is closed: after its value was taken, or, with {@code buffered}, when a
     * {@code hasNext()} has run the body to it and no {@code next()} took the value (recorded as
     * {@link PlainYield#NOT_TAKEN}). The result is the body's return value ({@code result()}, and the value a
     * {@code StopIteration} carried when a {@code send} or the handle's {@code next} ended it) or what it threw; once
     * it has ended, {@code hasNext()} must say false.
     */
    public static Outcome runGenerator(byte[] rewritten, int throwAt, int closeAt, boolean buffered, long seed,
                                       ExecutorService other, int switchEvery) throws Throwable {
        MethodHandle run = load(rewritten);
        synchronized (RUN_LOCK) {
            return runGenerator(run, throwAt, closeAt, buffered, seed, other, switchEvery);
        }
    }

    /** What a pull answers when the body returned. */
    private static final Object FINISHED = new Object();

    private static Outcome runGenerator(MethodHandle run, int throwAt, int closeAt, boolean buffered, long seed,
                                        ExecutorService other, int switchEvery) {
        Trace.reset(FUEL);
        Generator<Object> generator = Coroutines.generate(
                dev.coflow.agent.harness.Roots.body(MethodHandles.reflectAs(java.lang.reflect.Method.class, run)));
        Iterator<?> iterator = generator.iterator();
        Object[] stopValue = {FINISHED};
        int resumes = 0;
        String result;
        try {
            for (int k = 0; ; k++) {
                if (k > MAX_YIELDS) {
                    throw new AssertionError("more than " + MAX_YIELDS + " yields");
                }
                if (Sends.newIterator(seed, k)) {
                    iterator = generator.iterator();
                }
                Iterator<?> it = iterator; // the lambdas below need a variable set once
                Object value;
                int sent = k - 1;
                if (k == closeAt && buffered) {
                    value = resume(() -> it.hasNext() ? PlainYield.NOT_TAKEN : FINISHED, other, switchEvery, resumes++);
                } else if (k > 0 && sent == throwAt) {
                    value = resume(() -> stopped(() -> generator.throwIn(Sends.thrownIn()), stopValue), other, switchEvery, resumes++);
                } else {
                    Sends.Pull how = Sends.pull(seed, k);
                    value = resume(() -> switch (how) {
                        case HAS_NEXT -> it.hasNext() ? it.next() : FINISHED;
                        case HAS_NEXT_TWICE -> it.hasNext() && it.hasNext() ? it.next() : FINISHED;
                        case NEXT -> {
                            try {
                                yield it.next();
                            } catch (java.util.NoSuchElementException e) {
                                yield FINISHED;
                            }
                        }
                        case SEND_NULL -> stopped(() -> generator.send(null), stopValue);
                        case HANDLE_NEXT -> stopped(generator::next, stopValue);
                        case SEND_VALUE -> stopped(() -> generator.send(Sends.value(sent)), stopValue);
                    }, other, switchEvery, resumes++);
                }
                if (value == FINISHED) {
                    break;
                }
                Trace.yielded(value);
                if (k == closeAt) {
                    return closed(generator, other, switchEvery, resumes);
                }
            }
            if (!generator.hasResult()) {
                throw new AssertionError("the generator finished without a result");
            }
            result = "return:" + Trace.render(generator.result());
            if (stopValue[0] != FINISHED && stopValue[0] != generator.result()) {
                result += " (but the StopIteration carried " + Trace.render(stopValue[0]) + ")";
            }
        } catch (Throwable t) {
            result = "threw:" + Trace.describe(t);
        }
        try {
            if (generator.iterator().hasNext()) {
                result += " (and then hasNext() said true)";
            }
        } catch (Throwable t) {
            result += " (and then hasNext() threw " + Trace.describe(t) + ")";
        }
        return new Outcome(Trace.events(), result);
    }

    /** What {@code step} answers, or {@link #FINISHED} when it ended with a StopIteration, whose value goes to {@code stopValue}. */
    private static Object stopped(Callable<Object> step, Object[] stopValue) throws Exception {
        try {
            return step.call();
        } catch (StopIteration stop) {
            stopValue[0] = stop.value();
            return FINISHED;
        }
    }

    /**
     * Runs each of {@code rewritten} as a coroutine, all on this thread and taking turns: a {@code Random} seeded with
     * {@code seed} picks which of those not ended is resumed next, once, on this thread or, with {@code other} set, on
     * either (started with {@code next()}, then sent
     * {@link Sends#value(int)} at its yield numbered {@code k}, as {@link #runRewritten} does); coroutine {@code i} is
     * thrown into ({@link Sends#thrownIn()}) at its yield numbered {@code throwAt[i]}, or closed at its yield numbered
     * {@code closeAt[i]} (never when negative), in its turn, while the others stay suspended around it. Each has a
     * trace and fuel of its own ({@link Trace#putAside}). An entry that is the same array as an earlier one is the same
     * class, so its coroutines share that class's resume points and entries; other entries are loaded each in a loader
     * of their own. The outcomes are in the order of {@code rewritten}.
     */
    public static List<Outcome> runInterleaved(List<byte[]> rewritten, long seed, ExecutorService other, int[] throwAt, int[] closeAt) throws Throwable {
        int n = rewritten.size();
        MethodHandle[] runs = new MethodHandle[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i && runs[i] == null; j++) {
                if (rewritten.get(j) == rewritten.get(i)) {
                    runs[i] = runs[j];
                }
            }
            if (runs[i] == null) {
                runs[i] = load(rewritten.get(i));
            }
        }
        synchronized (RUN_LOCK) {
            List<CoroutineHandle<Object, Object>> handles = new java.util.ArrayList<>();
            Trace.Saved[] traces = new Trace.Saved[n];
            for (int i = 0; i < n; i++) {
                handles.add(dev.coflow.agent.harness.Roots.coroutine(MethodHandles.reflectAs(java.lang.reflect.Method.class, runs[i])));
                traces[i] = new Trace.Saved(new java.util.ArrayList<>(), FUEL);
            }
            int[] yields = new int[n];
            String[] results = new String[n];
            java.util.Random random = new java.util.Random(seed);
            List<Integer> running = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, n).boxed().toList());
            Trace.Saved outside = Trace.putAside(FUEL);
            try {
                while (!running.isEmpty()) {
                    int at = random.nextInt(running.size());
                    int i = running.get(at);
                    Trace.bringBack(traces[i]);
                    CoroutineHandle<Object, Object> handle = handles.get(i);
                    int sent = yields[i] - 1;
                    // with other, half the turns run on its thread: its carrier then serves every coroutine in turn too
                    int where = other != null && random.nextBoolean() ? 1 : 0;
                    boolean thrown = sent >= 0 && sent == throwAt[i];
                    if (sent >= 0 && sent == closeAt[i]) {
                        results[i] = closedResult(handle, other, 1, where);
                    } else {
                        try {
                            Object yielded = resume(() -> sent < 0 ? handle.next()
                                    : thrown ? handle.throwIn(Sends.thrownIn()) : handle.send(Sends.value(sent)), other, 1, where);
                            Trace.yielded(yielded);
                            if (++yields[i] > MAX_YIELDS) {
                                throw new AssertionError("more than " + MAX_YIELDS + " yields");
                            }
                        } catch (StopIteration stop) {
                            results[i] = "return:" + Trace.render(stop.value());
                        } catch (Throwable t) {
                            results[i] = "threw:" + Trace.describe(t);
                        }
                    }
                    if (results[i] != null) {
                        running.remove(at);
                    }
                    traces[i] = Trace.putAside(FUEL);
                }
            } finally {
                Trace.bringBack(outside);
            }
            List<Outcome> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                outcomes.add(new Outcome(List.copyOf(traces[i].events()), results[i]));
            }
            return outcomes;
        }
    }

    /** Closes {@code handle}, stopped at a yield, and says how the body ended (see {@link #runRewritten(byte[], int, int, ExecutorService, int)}). */
    private static Outcome closed(CoroutineHandle<Object, Object> handle, ExecutorService other, int switchEvery, int resumes) {
        String result = closedResult(handle, other, switchEvery, resumes);
        return new Outcome(Trace.events(), result);
    }

    /** Closes {@code handle}, stopped at a yield, and says how the body ended, as the result of an {@link Outcome}. */
    private static String closedResult(CoroutineHandle<Object, Object> handle, ExecutorService other, int switchEvery, int resumes) {
        String result;
        try {
            resume(() -> {
                handle.close();
                return null;
            }, other, switchEvery, resumes);
            if (handle.state() != dev.coflow.CoroutineState.CLOSED) {
                throw new AssertionError("close() returned, and the coroutine is " + handle.state());
            }
            // close() returns when the body returned, or when the GeneratorExit (or another one) left it
            result = handle.hasResult() ? "return:" + Trace.render(handle.result()) : "threw:" + Trace.describe(new dev.coflow.GeneratorExit());
        } catch (IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.startsWith(IGNORED_EXIT_MESSAGE)) {
                result = "threw:" + Trace.describe(e);
            } else {
                // "... and yielded <value> at <frame>. Fix: ...": the value, as the message shows it
                String rest = message.substring(IGNORED_EXIT_MESSAGE.length());
                int fix = rest.lastIndexOf(". Fix: ");
                int at = fix < 0 ? -1 : rest.lastIndexOf(" at ", fix);
                result = ignoredExit(at < 0 ? rest : rest.substring(0, at));
                if (handle.state() != dev.coflow.CoroutineState.SUSPENDED) {
                    result += " (and the coroutine is " + handle.state() + ", not suspended at that yield)";
                }
            }
        } catch (Throwable t) {
            result = "threw:" + Trace.describe(t);
        }
        return result;
    }

    private static Object resume(Callable<Object> step, ExecutorService other, int switchEvery, int resume) throws Throwable {
        if (other == null || (resume / switchEvery) % 2 == 0) {
            return step.call();
        }
        try {
            return other.submit(step).get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static Object invoke(MethodHandle run) {
        try {
            return (Object) run.invokeExact();
        } catch (Throwable t) {
            throw ProgramRunner.<RuntimeException>sneaky(t);
        }
    }

    /** The program the runs of {@link #runPlain} and {@link #runRewritten} drive from inside ({@link Pipe}), or null. */
    private static MethodHandle pipeTarget;
    /** Whether {@link #runRewritten} drives a coroutine of the program's own class instead ({@link #pipeTo}). */
    private static boolean pipeSelf;

    /**
     * From now on {@link #runPlain} and {@link #runRewritten} make the program drive a coroutine of {@code target} (a
     * rewritten program, loaded here in a loader of its own) from inside, resumed at each value it records
     * ({@link Pipe}); with {@code self}, {@link #runRewritten} drives a coroutine of the class it runs, sharing its resume
     * points, and {@link #runPlain} that class loaded apart. {@code null}: no more.
     */
    public static void pipeTo(byte[] target, boolean self) throws ReflectiveOperationException {
        MethodHandle loaded = target == null ? null : load(target);
        synchronized (RUN_LOCK) {
            pipeTarget = loaded;
            pipeSelf = loaded != null && self;
        }
    }

    /** Whether the runs drive a coroutine from inside ({@link #pipeTo}). */
    public static boolean piping() {
        synchronized (RUN_LOCK) {
            return pipeTarget != null;
        }
    }

    private static void startPipe(MethodHandle target) {
        if (target != null) {
            Trace.pipe(new Pipe(dev.coflow.agent.harness.Roots.coroutine(MethodHandles.reflectAs(java.lang.reflect.Method.class, target))));
        }
    }

    /** Defines the class in a loader of its own, initialises it (so it is verified now) and finds {@code run()}. */
    private static MethodHandle load(byte[] classFile) throws ReflectiveOperationException {
        ProgramLoader loader = new ProgramLoader();
        Class<?> program = loader.define(classFile);
        Class.forName(program.getName(), true, loader);
        return MethodHandles.publicLookup().findStatic(program, RUN, MethodType.methodType(Object.class));
    }

    private static final class ProgramLoader extends ClassLoader {
        ProgramLoader() {
            super(ProgramRunner.class.getClassLoader());
        }

        Class<?> define(byte[] classFile) {
            return defineClass(null, classFile, 0, classFile.length);
        }
    }

    /** The class as text (ASM's Textifier). */
    public static String listing(byte[] classFile) {
        StringWriter out = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(new PrintWriter(out)), 0);
        return out.toString();
    }

    private static byte[] resource(String internalName) {
        try (InputStream in = ProgramRunner.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
