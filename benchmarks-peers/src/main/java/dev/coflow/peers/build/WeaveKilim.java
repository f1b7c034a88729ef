package dev.coflow.peers.build;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kilim.analysis.ClassInfo;
import kilim.analysis.ClassWeaver;
import kilim.analysis.KilimContext;
import kilim.mirrors.CachedClassMirrors;
import kilim.tools.Weaver;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;

/**
 * Build-time step (process-classes): weaves, in place, the classes of one package of the output
 * directory with Kilim 2.0.2's weaver ({@link Weaver}, {@link ClassWeaver}), running on ASM 9.
 *
 * <p>Why not {@code kilim.tools.Weaver}'s own {@code main}: Kilim reads the class files of every type
 * it needs for stack-map frames ("mirrors", {@link CachedClassMirrors}) with an ASM visitor declared
 * at API level ASM7. On JDK 17+ computing a common supertype that involves {@code String} makes it
 * read {@code java/lang/constant/ConstantDesc}, a sealed interface; ASM 9 refuses to report its
 * {@code PermittedSubclasses} attribute to an ASM7 visitor ({@code UnsupportedOperationException:
 * PermittedSubclasses requires ASM9}) and the weaving of the class fails. Here the mirrors read class
 * files through a class loader that drops the {@code PermittedSubclasses} and {@code Record}
 * attributes (which only a Java 17 reader understands, and which say nothing about assignability)
 * before Kilim sees them. The woven classes themselves are written by Kilim unchanged.
 *
 * <p>State classes ({@code kilim.S_*}) the weaver generates are written only when the Kilim jar does
 * not already ship them, so the benchmarks jar gets each class once.
 *
 * <p>Usage: {@code WeaveKilim <classes dir> <package dir, e.g. dev/coflow/peers/kilim>}. Fails when
 * Kilim reports an error or a class declaring a pausable method comes out unwoven.
 */
public final class WeaveKilim {
    static final String FIBER = "Lkilim/Fiber;";

    private WeaveKilim() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: WeaveKilim <classes dir> <package dir>");
            System.exit(2);
        }
        Path classes = Paths.get(args[0]);
        Path packageDir = classes.resolve(args[1]);
        ClassLoader mirrorSource = new Java17AttributeStrippingLoader(WeaveKilim.class.getClassLoader());
        Weaver weaver = new Weaver(new KilimContext(new CachedClassMirrors(mirrorSource)));
        Weaver.outputDir = classes.toString();
        Weaver.verbose = false;

        List<Path> files;
        try (Stream<Path> walk = Files.walk(packageDir)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
        int woven = 0;
        int already = 0;
        Set<String> newStateClasses = new TreeSet<>();
        for (Path file : files) {
            byte[] original = Files.readAllBytes(file);
            Shape before = Shape.of(original);
            if (before.woven) {
                already++;
                continue;
            }
            ClassWeaver classWeaver = weaver.weave(new ByteArrayInputStream(original));
            if (classWeaver == null) {
                throw new IllegalStateException("Kilim could not read " + file);
            }
            boolean wroteThis = false;
            for (ClassInfo info : classWeaver.getClassInfos()) {
                if (info.className.startsWith("kilim.S_")) {
                    // Kilim writes state classes to Weaver.outputDir itself while weaving; keep only those
                    // that its jar lacks.
                    String resource = info.className.replace('.', '/') + ".class";
                    if (shippedInJar(mirrorSource, resource)) {
                        Files.deleteIfExists(classes.resolve(resource));
                    } else {
                        newStateClasses.add(info.className);
                        Weaver.writeClass(info);
                    }
                    continue;
                }
                if (!Shape.of(info.bytes).woven) {
                    throw new IllegalStateException("Kilim returned " + info.className + " unwoven");
                }
                wroteThis = true;
                Weaver.writeClass(info);
            }
            if (wroteThis) {
                woven++;
            } else if (before.pausable) {
                throw new IllegalStateException("Kilim left " + file + " unwoven although it declares pausable methods");
            }
        }
        System.out.printf("Kilim weaver: %d classes woven, %d already woven, %d in %s; state classes not in Kilim's jar: %s%n",
                woven, already, files.size(), packageDir, newStateClasses);
        if (woven + already == 0) {
            throw new IllegalStateException("nothing to weave in " + packageDir);
        }
    }

    static boolean shippedInJar(ClassLoader loader, String resource) throws IOException {
        Enumeration<URL> urls = loader.getResources(resource);
        while (urls.hasMoreElements()) {
            if ("jar".equals(urls.nextElement().getProtocol())) {
                return true;
            }
        }
        return false;
    }

    /** Serves class files without the attributes that an ASM7-level visitor cannot be given under ASM 9. */
    static final class Java17AttributeStrippingLoader extends ClassLoader {
        Java17AttributeStrippingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            InputStream in = super.getResourceAsStream(name);
            if (in == null || !name.endsWith(".class")) {
                return in;
            }
            try (InputStream original = in) {
                return new ByteArrayInputStream(strip(original.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static byte[] strip(byte[] bytes) {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public void visitPermittedSubclass(String permittedSubclass) {
                    // dropped: sealed-ness is irrelevant to Kilim's assignability questions
                }

                @Override
                public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
                    return null;
                }
            }, 0);
            return writer.toByteArray();
        }
    }

    /** Whether a class declares a pausable method, and whether it has been woven (a method taking a Fiber). */
    static final class Shape extends ClassVisitor {
        boolean pausable;
        boolean woven;

        private Shape() {
            super(Opcodes.ASM9);
        }

        static Shape of(byte[] bytes) {
            Shape shape = new Shape();
            new ClassReader(bytes).accept(shape, ClassReader.SKIP_CODE);
            return shape;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            if (exceptions != null) {
                for (String exception : exceptions) {
                    if (exception.equals("kilim/Pausable")) {
                        pausable = true;
                    }
                }
            }
            if (descriptor.substring(0, descriptor.indexOf(')')).endsWith(FIBER)) {
                woven = true;
            }
            return null;
        }
    }
}
