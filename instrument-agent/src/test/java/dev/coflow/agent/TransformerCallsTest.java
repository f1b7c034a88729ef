package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.Roots;
import dev.coflow.rewriter.report.Reporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Catalogue 76 and 77: the agent's transformer as the JVM calls it, from many threads at once (parallel-capable loaders
 * define classes concurrently) and re-entrantly (a class loader that loads a class while the agent reads a class file
 * through it); and it loads no class itself, reading class files instead. Concurrent calls give, class for class, the bytes a serial run gives, and report nothing; a class loaded
 * re-entrantly is left as it was, and that is said: an error naming both classes, and a yield in its coroutine methods
 * fails saying why (before 2026-12-06 it was left silently, and its yield said the agent was not attached).
 */
class TransformerCallsTest {
    private static final ClassLoader TEST_LOADER = TransformerCallsTest.class.getClassLoader();

    /** Where the agent never rewrites (coflow's own packages): the cases are served to it renamed into this package. */
    private static final String CASES = CaseHarness.CASES_PACKAGE.replace('.', '/') + "/";
    private static final String RENAMED = "com/acme/cases/";

    /** The class file of a case under its new name, every name of the cases package in it renamed too. */
    private static byte[] renamed(byte[] caseClass) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(caseClass).accept(new ClassRemapper(writer, new Remapper() {
            @Override
            public String map(String internalName) {
                return internalName.startsWith(CASES) ? RENAMED + internalName.substring(CASES.length()) : internalName;
            }
        }), 0);
        return writer.toByteArray();
    }

    /**
     * A loader for the transformer to read class files through (the JVM passes the defining loader), serving the
     * renamed cases.
     */
    private static class Loader extends ClassLoader {
        /** The classes anyone asked this loader for: the transformer must ask for none. */
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());

        Loader() {
            super(TEST_LOADER);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (name.startsWith(RENAMED)) {
                try (InputStream in = TEST_LOADER.getResourceAsStream(CASES + name.substring(RENAMED.length()))) {
                    return in == null ? null : new java.io.ByteArrayInputStream(renamed(in.readAllBytes()));
                } catch (IOException e) {
                    return null;
                }
            }
            return super.getResourceAsStream(name);
        }
    }

    private static Map<String, byte[]> caseClassFiles() throws Exception {
        Path root = Path.of(TEST_LOADER.getResource(CASES).toURI());
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(root)) {
            for (Path p : list.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.endsWith(".class")) {
                    files.put(RENAMED + file.substring(0, file.length() - ".class".length()), renamed(Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }

    private static CoroutineTransformer transformer(ByteArrayOutputStream err) {
        return new CoroutineTransformer(AgentOptions.parse(""), new Reporter(new PrintStream(err, true, StandardCharsets.UTF_8), false));
    }

    @Test
    void concurrentTransforms_giveClassForClassWhatASerialRunGives_andReportNothing() throws Exception {
        Map<String, byte[]> files = caseClassFiles();
        assertTrue(files.size() > 100, "cases: " + files.size());
        ByteArrayOutputStream serialErr = new ByteArrayOutputStream();
        CoroutineTransformer serial = transformer(serialErr);
        ClassLoader serialLoader = new Loader();
        Map<String, byte[]> expected = new LinkedHashMap<>();
        int rewritten = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] out = serial.transform(serialLoader, e.getKey(), null, null, e.getValue());
            expected.put(e.getKey(), out);
            rewritten += out == null ? 0 : 1;
        }
        assertTrue(rewritten > 100, "rewritten serially: " + rewritten);
        assertEquals("", serialErr.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CoroutineTransformer shared = transformer(err);
        ClassLoader sharedLoader = new Loader();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Map<String, byte[]>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // half the threads share one loader (and so its class hierarchy), half have one each
                ClassLoader loader = t % 2 == 0 ? sharedLoader : new Loader();
                List<String> order = new ArrayList<>(files.keySet());
                Collections.shuffle(order, new Random(t));
                results.add(pool.submit((Callable<Map<String, byte[]>>) () -> {
                    start.await();
                    Map<String, byte[]> got = new LinkedHashMap<>();
                    for (String name : order) {
                        got.put(name, shared.transform(loader, name, null, null, files.get(name)));
                    }
                    return got;
                }));
            }
            start.countDown();
            for (Future<Map<String, byte[]>> result : results) {
                Map<String, byte[]> got = result.get(5, TimeUnit.MINUTES);
                for (String name : files.keySet()) {
                    assertArrayEquals(expected.get(name), got.get(name), name + " differs from the serial run");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Catalogue 76: rewriting every case (class-hierarchy merges, interfaces, nested classes among them) reads the
     * class files it needs through the loader's resources and loads no class: a class loaded in {@code transform} would
     * be initialised too early or, with a loader that is defining classes, deadlock.
     */
    @Test
    void transform_readsClassFiles_andLoadsNoClass() throws Exception {
        Map<String, byte[]> files = caseClassFiles();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CoroutineTransformer transformer = transformer(err);
        Loader loader = new Loader();
        int rewritten = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            rewritten += transformer.transform(loader, e.getKey(), null, null, e.getValue()) == null ? 0 : 1;
        }
        assertTrue(rewritten > 100, "rewritten: " + rewritten);
        assertEquals(List.of(), loader.asked, "classes loaded while rewriting");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    /** The fixture whose loading the loader below starts while the agent reads a class file through it. */
    private static final String INNER = "org/example/reentrant/Inner";
    private static final String OUTER = "org/example/reentrant/Outer";

    /** Asks the transformer for {@link #INNER}, once, from inside a read of a class file (as a loader that loads classes there would). */
    private static final class ReentrantLoader extends ClassLoader {
        private final CoroutineTransformer transformer;
        private final byte[] inner;
        boolean asked;
        byte[] innerResult;

        ReentrantLoader(CoroutineTransformer transformer, byte[] inner) {
            super(TEST_LOADER);
            this.transformer = transformer;
            this.inner = inner;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (!asked) {
                asked = true;
                innerResult = transformer.transform(this, INNER, null, null, inner);
            }
            return super.getResourceAsStream(name);
        }

        Class<?> define(String internalName, byte[] bytes) {
            return defineClass(internalName.replace('/', '.'), bytes, 0, bytes.length);
        }
    }

    @Test
    void classLoadedWhileAnotherIsRewritten_isLeftAsItWas_saidAsAnError_andItsYieldSaysWhy() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CoroutineTransformer transformer = transformer(err);
        byte[] inner = read(INNER);
        ReentrantLoader loader = new ReentrantLoader(transformer, inner);

        byte[] outer = transformer.transform(loader, OUTER, null, null, read(OUTER));

        assertNotNull(outer, "the class being rewritten is rewritten");
        assertTrue(loader.asked, "the loader was never asked for a class file");
        assertNull(loader.innerResult, "the class loaded meanwhile was rewritten");
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("[coflow] ERROR cannot rewrite " + INNER.replace('/', '.') + ": its class was loaded while"
                + " the agent was rewriting " + OUTER.replace('/', '.') + " on the same thread"), printed);
        assertTrue(printed.contains("Fix: load " + INNER.replace('/', '.') + " before " + OUTER.replace('/', '.')), printed);

        // the class, defined as it was, fails at its yield saying why, not that the agent is missing
        Class<?> left = loader.define(INNER, inner);
        CoroutineHandle<Object, Object> h = Roots.coroutine(left.getDeclaredMethod("body"));
        String agent = System.setProperty("coflow.agent", "test"); // as the agent sets it: the message then looks for why
        NotRewrittenException e;
        try {
            e = assertThrows(NotRewrittenException.class, h::next);
        } finally {
            if (agent == null) {
                System.clearProperty("coflow.agent");
            } else {
                System.setProperty("coflow.agent", agent);
            }
        }
        String message = e.getMessage();
        assertTrue(message.startsWith("Coroutines.yield(value) was called in " + INNER.replace('/', '.') + "#body"), message);
        assertTrue(message.contains("refused to rewrite when its class loaded: its class was loaded while the agent was"
                + " rewriting " + OUTER.replace('/', '.') + " on the same thread"), message);
        assertTrue(message.contains("Fix: load " + INNER.replace('/', '.') + " before"), message);

        // the same transformer goes on: the class is rewritten when it is loaded on its own
        assertNotNull(transformer.transform(new Loader(), INNER, null, null, inner));
    }

    private static byte[] read(String internalName) throws IOException {
        try (InputStream in = TEST_LOADER.getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }
}
