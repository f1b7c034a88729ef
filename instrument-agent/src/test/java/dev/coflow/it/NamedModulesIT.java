package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent with an application made of named modules (catalogue 80): coflow's jar on the module path as the
 * automatic module {@code dev.coflow}, an application module that requires it, and a library module made
 * {@code suspendable=} that knows nothing of coflow. The library's rewritten classes call coflow's runtime, so the agent
 * must make the library's module read coflow's; without that edge the first call into the library inside a coroutine
 * failed with {@code IllegalAccessError} ("module lib does not read module coflow.core").
 */
class NamedModulesIT {
    @TempDir
    Path temp;

    private static final String LIB_MODULE = "module lib { exports lib; }\n";
    private static final String LIB = """
            package lib;

            import java.util.List;
            import java.util.function.Consumer;

            public class Lib {
                public static String join(List<String> xs) {
                    StringBuilder b = new StringBuilder();
                    for (String x : xs) {
                        b.append(x).append(',');
                    }
                    return b.toString();
                }

                public static int each(List<String> xs, Consumer<String> c) {
                    int n = 0;
                    for (String x : xs) {
                        c.accept(x);
                        n++;
                    }
                    return n;
                }
            }
            """;
    private static final String APP_MODULE = "module app { requires lib; requires dev.coflow; }\n";
    private static final String APP = """
            package app;

            import dev.coflow.Coroutine;
            import dev.coflow.Coroutines;
            import dev.coflow.Generator;
            import java.util.List;

            public class Main {
                @Coroutine
                static void body() {
                    int n = lib.Lib.each(List.of("a", "b", "c"), x -> Coroutines.yield(x + "!"));
                    Coroutines.yield("walked " + n);
                }

                public static void main(String[] args) {
                    System.out.println(lib.Lib.join(List.of("a", "b")));
                    Generator<String> g = Coroutines.generate(Main::body);
                    for (String s : g) {
                        System.out.println(s);
                    }
                    System.out.println("lib in " + lib.Lib.class.getModule() + ", coflow in " + Coroutines.class.getModule());
                }
            }
            """;

    @Test
    void suspendableLibraryModule_readsCoflow_andAYieldPassesThroughIt() throws Exception {
        Path core = coreJar();
        assertEquals("dev.coflow", moduleName(core), "coflow-core's jar names its automatic module in its manifest");
        Path libOut = compile("lib", List.of(source("lib/module-info.java", LIB_MODULE), source("lib/lib/Lib.java", LIB)), List.of());
        Path appOut = compile("app", List.of(source("app/module-info.java", APP_MODULE), source("app/app/Main.java", APP)),
                List.of(core, libOut));

        List<String> r = run("suspendable=lib.**,verify=true,trace=true", core, libOut, appOut);

        assertEquals("0", r.get(2), r.get(1));
        assertEquals("a,b,\na!\nb!\nc!\nwalked 3\nlib in module lib, coflow in module dev.coflow\n", r.get(0), r.get(1));
        assertTrue(r.get(1).contains("[coflow] module lib now reads module dev.coflow (its class lib.Lib calls coflow's runtime)"),
                r.get(1));
        assertTrue(r.get(1).contains("[coflow] rewrote lib.Lib"), r.get(1));
        assertTrue(!r.get(1).contains("ERROR"), r.get(1));
    }

    /**
     * Catalogue 80, build time: the same modules rewritten by the build-time rewriter (the Maven plugin's), the library
     * made suspendable, and run without the agent. Nothing gives the library's module its read edge then: the build warns
     * of it, and run as it is the library's first call into coflow's runtime fails with IllegalAccessError, as README
     * ("Named modules") says; with {@code --add-reads lib=dev.coflow} (or {@code requires dev.coflow} in the library) it
     * runs as under the agent.
     */
    @Test
    void libraryModuleRewrittenAtBuildTime_runsWithoutTheAgent_onlyWhenItReadsCoflow() throws Exception {
        Path core = coreJar();
        Path libOut = compile("lib", List.of(source("lib/module-info.java", LIB_MODULE), source("lib/lib/Lib.java", LIB)), List.of());
        Path appOut = compile("app", List.of(source("app/module-info.java", APP_MODULE), source("app/app/Main.java", APP)),
                List.of(core, libOut));
        try (dev.coflow.rewriter.DirectoryRewriter.ClassPath classPath = dev.coflow.rewriter.DirectoryRewriter.classPath(
                List.of(core, libOut, appOut))) {
            dev.coflow.rewriter.ClassRewriter.Options options = new dev.coflow.rewriter.ClassRewriter.Options(true);
            dev.coflow.rewriter.DirectoryRewriter.Report lib = dev.coflow.rewriter.DirectoryRewriter.rewrite(libOut, classPath,
                    name -> name.startsWith("lib/"), List.of(), options, false);
            // the application's calls into the library are suspension points only where its rewrite knows the library
            // is suspendable: the same option for both, as the plugin's configuration gives it
            dev.coflow.rewriter.DirectoryRewriter.Report app = dev.coflow.rewriter.DirectoryRewriter.rewrite(appOut, classPath,
                    name -> name.startsWith("lib/"), List.of(), options, false);
            assertEquals(List.of(), lib.errors());
            assertEquals(List.of(), app.errors());
            assertTrue(lib.rewritten().contains("lib/Lib"), lib.rewritten().toString());
            assertTrue(app.rewritten().contains("app/Main"), app.rewritten().toString());
            // the build says so: the library module does not require coflow's, the application does
            assertEquals(1, lib.warnings().size(), lib.warnings().toString());
            assertTrue(lib.warnings().get(0).contains("--add-reads lib=dev.coflow"), lib.warnings().get(0));
            assertEquals(List.of(), app.warnings());
        }

        List<String> alone = runWith(List.of(), core, libOut, appOut);
        assertTrue(!alone.get(2).equals("0"), alone.toString());
        assertTrue(alone.get(1).contains("IllegalAccessError") && alone.get(1).contains("module lib does not read module dev.coflow"),
                alone.get(1));

        List<String> reads = runWith(List.of("--add-reads", "lib=dev.coflow"), core, libOut, appOut);
        assertEquals("0", reads.get(2), reads.get(1));
        assertEquals("a,b,\na!\nb!\nc!\nwalked 3\nlib in module lib, coflow in module dev.coflow\n", reads.get(0), reads.get(1));
        assertEquals("", reads.get(1));
    }

    /** coflow-core as a jar: the one on the class path, or one made from its classes (then with the same manifest entry). */
    private Path coreJar() throws IOException {
        Path core = AgentJarIT.coreLocation();
        if (!Files.isDirectory(core)) {
            return core;
        }
        Path jar = temp.resolve("coflow-core.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Automatic-Module-Name", "dev.coflow");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(core)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = core.relativize(f).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String moduleName(Path jar) {
        return ModuleFinder.of(jar).findAll().stream().map(ModuleReference::descriptor).findFirst().orElseThrow().name();
    }

    private Path source(String relative, String text) throws IOException {
        Path file = temp.resolve("src").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Compiles one module's sources into its own directory (an exploded module), against {@code modulePath}. */
    private Path compile(String module, List<Path> sources, List<Path> modulePath) {
        Path out = temp.resolve("mods").resolve(module);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        if (!modulePath.isEmpty()) {
            args.add("--module-path");
            args.add(String.join(java.io.File.pathSeparator, modulePath.stream().map(Path::toString).toList()));
        }
        sources.forEach(s -> args.add(s.toString()));
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac failed for module " + module);
        return out;
    }

    private List<String> run(String options, Path... modulePath) throws Exception {
        return runWith(List.of("-javaagent:" + AgentJarIT.agentJar() + "=" + options), modulePath);
    }

    /** The application in a JVM with {@code options} (no agent unless they name it), on {@code modulePath}. */
    private List<String> runWith(List<String> options, Path... modulePath) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xverify:all");
        command.addAll(options);
        command.add("--module-path");
        command.add(String.join(java.io.File.pathSeparator, Stream.of(modulePath).map(Path::toString).toList()));
        command.add("-m");
        command.add("app/app.Main");
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        return List.of(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), "" + p.exitValue());
    }
}
