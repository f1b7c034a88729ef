package dev.coflow.transparency;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads and initialises every class of each library jar (and its test jar), so that with
 * {@code -Xverify:all} HotSpot verifies every one of them, rewritten or not. Writes
 * {@code load LIB CLASS STATUS}: {@code OK}, {@code VERIFY} (a {@code VerifyError}: the target is none)
 * or {@code OTHER} with the error (a missing optional dependency, a static initialiser that fails
 * outside its test: the baseline has the same ones). Arguments: {@code OUT LIBS}.
 */
final class LoadAll {
    private LoadAll() {
    }

    public static void main(String[] args) throws Exception {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8))) {
            for (String lib : args[1].split(",")) {
                for (String jar : new String[] {System.getProperty("jar." + lib), System.getProperty("jar." + lib + ".tests")}) {
                    if (jar == null) {
                        continue;
                    }
                    for (String name : classNames(jar)) {
                        w.println("load\t" + lib + "\t" + name + "\t" + load(name));
                    }
                }
            }
        }
        System.exit(0);
    }

    static List<String> classNames(String jar) throws Exception {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            for (JarEntry e : Collections.list(file.entries())) {
                String n = e.getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class") && !n.endsWith("package-info.class")) {
                    names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    private static String load(String name) {
        try {
            Class.forName(name, true, LoadAll.class.getClassLoader());
            return "OK";
        } catch (VerifyError e) {
            return "VERIFY " + Driver.firstLine(e.getMessage());
        } catch (Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof VerifyError) {
                return "VERIFY " + Driver.firstLine(root.getMessage());
            }
            return "OTHER " + t.getClass().getName();
        }
    }
}
