package dev.coflow.agent.harness;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.StopIteration;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs one case fixture: a class in {@code dev.coflow.agent.cases} with a static {@code body()}
 * method (usually {@code @Coroutine}) and a {@code public static final List<Object> EXPECTED} of the
 * values it yields. Optional fields: {@code SENDS} (values sent in for the second, third, ... resume;
 * {@code next()} is used where it runs out) and {@code RESULT} (the body's return value).
 * The class is rewritten, checked and loaded by a fresh {@link CaseClassLoader}.
 */
public final class CaseHarness {
    public static final String CASES_PACKAGE = "dev.coflow.agent.cases";

    private CaseHarness() {
    }

    /** What one run observed. */
    public record Run(List<Object> yields, Object result, CaseClassLoader loader, Class<?> fixture) {
    }

    /** Loads a fixture by simple name through a fresh rewriting loader. */
    public static Class<?> load(String simpleName) throws ClassNotFoundException {
        return new CaseClassLoader(CASES_PACKAGE + ".").loadClass(CASES_PACKAGE + "." + simpleName);
    }

    /** The longest one fixture may run: each takes milliseconds, so a fixture still running after this is looping. */
    static final long RUN_LIMIT_MILLIS = 120_000;

    /** The thread that runs fixtures one after another ({@link #run}), replaced when one of them gets stuck. */
    private static ExecutorService runner;

    /**
     * Runs the fixture and returns what it yielded and returned, on a thread that ran the fixtures before it: the
     * frames they finished sit in that thread's pools, so this fixture's frames may come from there, as in a
     * program whose coroutines share a thread. A fixture that does not finish within {@link #RUN_LIMIT_MILLIS} (a
     * chain of frames linked into a loop, say) fails by name, with the stack its thread was running, instead of
     * holding up every test after it; that thread cannot be stopped, so it is left (a daemon) and the next fixture
     * gets a new one.
     */
    public static Run run(String simpleName) throws Exception {
        return runShared(simpleName, () -> runHere(simpleName), RUN_LIMIT_MILLIS);
    }

    /** {@link #run} of any task, named {@code name} in the failure. */
    static synchronized Run runShared(String name, Callable<Run> task, long limitMillis) throws Exception {
        if (runner == null || runner.isShutdown()) {
            runner = oneThread("cases");
        }
        return runWithin(runner, name, task, limitMillis);
    }

    /**
     * As {@link #run}, on a thread of its own that has run nothing before: every frame of the fixture is new or
     * comes from the pools its own finished frames filled.
     */
    public static Run runOnNewThread(String simpleName) throws Exception {
        return runOnNewThread(simpleName, () -> runHere(simpleName), RUN_LIMIT_MILLIS);
    }

    /** {@link #runOnNewThread} of any task, named {@code name} in the failure. */
    static Run runOnNewThread(String name, Callable<Run> task, long limitMillis) throws Exception {
        ExecutorService own = oneThread("case " + name);
        try {
            return runWithin(own, name, task, limitMillis);
        } finally {
            own.shutdown();
        }
    }

    /**
     * Runs {@code task} on {@code thread}'s one thread and waits at most {@code limitMillis}; when it is still
     * running then, shuts {@code thread} down (its thread runs on, a daemon) and fails by name, with the stack
     * trace of where that thread was.
     */
    private static Run runWithin(ExecutorService thread, String name, Callable<Run> task, long limitMillis)
            throws Exception {
        AtomicReference<Thread> on = new AtomicReference<>();
        Future<Run> future = thread.submit(() -> {
            on.set(Thread.currentThread());
            return task.call();
        });
        try {
            return future.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw sneaky(e.getCause());
        } catch (TimeoutException e) {
            thread.shutdown();
            String limit = limitMillis % 1000 == 0 ? limitMillis / 1000 + " s" : limitMillis + " ms";
            AssertionError stuck = new AssertionError("fixture " + name + " still running after " + limit
                    + " (a loop in the rewritten code or the runtime); the stack trace of this error is where its thread was");
            Thread t = on.get();
            if (t != null) {
                stuck.setStackTrace(t.getStackTrace());
            }
            throw stuck;
        }
    }

    private static ExecutorService oneThread(String name) {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static Run runHere(String simpleName) throws Exception {
        CaseClassLoader loader = new CaseClassLoader(CASES_PACKAGE + ".");
        Class<?> fixture = loader.loadClass(CASES_PACKAGE + "." + simpleName);
        Driven driven = drive(fixture);
        return new Run(driven.yields(), driven.result(), loader, fixture);
    }

    /** What driving a fixture observed: the values it yielded, in order, and the value it returned. */
    public record Driven(List<Object> yields, Object result) {
    }

    /** Fails unless {@code run} yielded the fixture's {@code EXPECTED} and, when it has one, returned its {@code RESULT}. */
    public static void assertAsExpected(Class<?> fixture, Driven run, String label) throws IllegalAccessException {
        List<Object> expected = optionalList(fixture, "EXPECTED");
        org.junit.jupiter.api.Assertions.assertNotNull(expected, label + " has no EXPECTED");
        org.junit.jupiter.api.Assertions.assertEquals(expected, run.yields(), label + " yielded");
        Object absent = new Object();
        Object result = optionalField(fixture, "RESULT", absent);
        if (result != absent) {
            org.junit.jupiter.api.Assertions.assertEquals(result, run.result(), label + " returned");
        }
    }

    /**
     * Drives a fixture class, however it was loaded, to its end: a coroutine of its static {@code body()}, primed
     * with {@code next()}, then sent its {@code SENDS} in turn ({@code null} where they run out).
     */
    public static Driven drive(Class<?> fixture) throws Exception {
        return drive(fixture.getDeclaredMethod("body"), optionalList(fixture, "SENDS"));
    }

    /** {@link #drive(Class)} of any static, no-argument method, sent {@code sends} ({@code null} for none). */
    public static Driven drive(Method body, List<Object> sends) throws Exception {
        return drive(Roots.coroutine(body), sends);
    }

    /** Drives {@code handle}, not yet started, to its end as {@link #drive(Class)} does. */
    public static Driven drive(CoroutineHandle<Object, Object> handle, List<Object> sends) {
        List<Object> yields = new ArrayList<>();
        int resume = 0;
        try {
            while (true) {
                Object value = resume == 0 || sends == null || resume - 1 >= sends.size() ? null : sends.get(resume - 1);
                Object y = resume == 0 ? handle.next() : handle.send(value);
                yields.add(y);
                resume++;
                if (resume > 100_000) {
                    throw new AssertionError(handle + " yielded more than 100000 values");
                }
            }
        } catch (StopIteration stop) {
            return new Driven(yields, stop.value());
        }
    }

    /** {@link #drive} on the thread {@link #run} uses, failing by name after {@link #RUN_LIMIT_MILLIS}. */
    public static Driven driveShared(Class<?> fixture) throws Exception {
        return driveShared(fixture.getDeclaredMethod("body"), optionalList(fixture, "SENDS"));
    }

    /** {@link #drive(Method, List)} on the thread {@link #run} uses, failing by name after {@link #RUN_LIMIT_MILLIS}. */
    public static Driven driveShared(Method body, List<Object> sends) throws Exception {
        Run run = runShared(body.toString(), () -> {
            Driven d = drive(body, sends);
            return new Run(d.yields(), d.result(), null, body.getDeclaringClass());
        }, RUN_LIMIT_MILLIS);
        return new Driven(run.yields(), run.result());
    }

    /** Calls the static, no-argument {@code body} of a fixture, rethrowing what it throws as it is. */
    public static Object invoke(Method body) {
        try {
            return body.invoke(null);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** A list field of the fixture, or null. */
    @SuppressWarnings("unchecked")
    public static List<Object> optionalList(Class<?> fixture, String name) throws IllegalAccessException {
        try {
            Field f = fixture.getDeclaredField(name);
            f.setAccessible(true);
            return (List<Object>) f.get(null);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** A field of the fixture, or {@code absent}. */
    public static Object optionalField(Class<?> fixture, String name, Object absent) throws IllegalAccessException {
        try {
            Field f = fixture.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(null);
        } catch (NoSuchFieldException e) {
            return absent;
        }
    }

    /** Simple names of every top-level fixture class in the cases package on the test class path. */
    public static List<String> allCases() throws IOException, URISyntaxException {
        Path dir = Path.of(CaseHarness.class.getResource("/" + CASES_PACKAGE.replace('.', '/')).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
