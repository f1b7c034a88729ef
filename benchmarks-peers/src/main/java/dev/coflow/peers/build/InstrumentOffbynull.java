package dev.coflow.peers.build;

import com.offbynull.coroutines.instrumenter.InstrumentationResult;
import com.offbynull.coroutines.instrumenter.InstrumentationSettings;
import com.offbynull.coroutines.instrumenter.Instrumenter;
import com.offbynull.coroutines.instrumenter.generators.DebugGenerators.MarkerType;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build-time step (process-classes): instruments, in place, the classes of one package of the
 * output directory with offbynull coroutines' instrumenter API, the same instrumenter version as the
 * runtime ({@code user}) jar. The instrumenter resolves class hierarchies from this JVM's class path
 * (the module's compile class path, output directory included) and from the JDK's own class files.
 *
 * <p>Usage: {@code InstrumentOffbynull <classes dir> <package dir, e.g. dev/coflow/peers/offbynull>}.
 * Fails when a class that declares a method taking a {@code Continuation} ends up without the
 * instrumenter's marker field, so that an unwoven workload cannot reach the benchmarks.
 */
public final class InstrumentOffbynull {
    static final String MARKER_FIELD = "__COROUTINES_INSTRUMENTATION_VERSION";
    static final String CONTINUATION = "Lcom/offbynull/coroutines/user/Continuation;";

    private InstrumentOffbynull() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: InstrumentOffbynull <classes dir> <package dir>");
            System.exit(2);
        }
        Path classes = Paths.get(args[0]);
        Path packageDir = classes.resolve(args[1]);
        List<File> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classPath.add(new File(entry));
            }
        }
        Instrumenter instrumenter = new Instrumenter(classPath);
        InstrumentationSettings settings = new InstrumentationSettings(MarkerType.NONE, false, false);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(packageDir)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
        int instrumented = 0;
        int already = 0;
        for (Path file : files) {
            byte[] original = Files.readAllBytes(file);
            Shape before = Shape.of(original);
            if (before.marked) {
                already++;
                continue;
            }
            InstrumentationResult result = instrumenter.instrument(original, settings);
            byte[] out = result.getInstrumentedClass();
            if (out == original) {
                if (before.takesContinuation) {
                    throw new IllegalStateException("offbynull instrumenter left " + file + " unchanged");
                }
                continue;
            }
            if (!Shape.of(out).marked) {
                throw new IllegalStateException("no instrumentation marker in " + file);
            }
            Files.write(file, out);
            instrumented++;
        }
        System.out.printf("offbynull instrumenter: %d classes instrumented, %d already instrumented, %d in %s%n",
                instrumented, already, files.size(), packageDir);
        if (instrumented + already == 0) {
            throw new IllegalStateException("nothing to instrument in " + packageDir);
        }
    }

    /** What matters of a class file here: the marker field, and methods with a Continuation parameter. */
    static final class Shape extends ClassVisitor {
        boolean marked;
        boolean takesContinuation;

        private Shape() {
            super(Opcodes.ASM9);
        }

        static Shape of(byte[] bytes) {
            Shape shape = new Shape();
            try {
                new ClassReader(bytes).accept(shape, ClassReader.SKIP_CODE);
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException("unreadable class file", e));
            }
            return shape;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if (name.equals(MARKER_FIELD)) {
                marked = true;
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            if (descriptor.substring(0, descriptor.indexOf(')')).contains(CONTINUATION)) {
                takesContinuation = true;
            }
            return null;
        }
    }
}
