package dev.coflow.rewriter;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.runtime.BytecodeContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the rewriter needs to know about classes other than the one it rewrites — super class,
 * interfaces, whether it is an interface, which methods are {@code @Coroutine} — read from class-file
 * bytes found through a class loader's resources. It never loads a class (no {@code Class.forName}),
 * so it cannot cause circularity errors or load a class before the agent could rewrite it.
 * One instance per class loader; entries are cached.
 */
public final class ClassHierarchy {
    /** What is known of one class. */
    public record ClassInfo(String internalName, String superName, List<String> interfaces, boolean isInterface,
                            Set<String> coroutineMethods, Set<String> declaredMethods) {
    }

    private static final ClassInfo MISSING = new ClassInfo("?", null, List.of(), false, Set.of(), Set.of());

    private final Function<String, byte[]> classBytes;
    private final Predicate<String> suspendable;
    private final Map<String, ClassInfo> cache = new ConcurrentHashMap<>();

    /** A hierarchy reading {@code name.class} resources through {@code loader} (the platform loader when null). */
    public static ClassHierarchy of(ClassLoader loader) {
        return of(loader, name -> false);
    }

    /**
     * As {@link #of(ClassLoader)}, where every method of a class that {@code suspendable} accepts (by
     * internal name) counts as a coroutine method (the agent's {@code suspendable=} option).
     */
    public static ClassHierarchy of(ClassLoader loader, Predicate<String> suspendable) {
        ClassLoader source = loader != null ? loader : ClassLoader.getPlatformClassLoader();
        return new ClassHierarchy(internalName -> {
            try (InputStream in = source.getResourceAsStream(internalName + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                return null;
            }
        }, suspendable);
    }

    /** A hierarchy over an arbitrary source of class bytes (tests use it over their own class path). */
    public ClassHierarchy(Function<String, byte[]> classBytes) {
        this(classBytes, name -> false);
    }

    /** As {@link #ClassHierarchy(Function)}, with the classes whose every method counts as a coroutine method. */
    public ClassHierarchy(Function<String, byte[]> classBytes, Predicate<String> suspendable) {
        this.classBytes = classBytes;
        this.suspendable = suspendable;
    }

    private volatile QuietCalls quietCalls;

    /** The proofs that calls of coroutine methods cannot suspend, shared by every class this hierarchy rewrites. */
    public QuietCalls quietCalls() {
        QuietCalls q = quietCalls;
        if (q == null) {
            synchronized (this) {
                q = quietCalls;
                if (q == null) {
                    q = new QuietCalls(this);
                    quietCalls = q;
                }
            }
        }
        return q;
    }

    /** The class file of a class, or {@code null} when it cannot be found. */
    byte[] bytes(String internalName) {
        try {
            return classBytes.apply(internalName);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether every method of the class counts as a coroutine method (the agent's {@code suspendable=} option). */
    public boolean isSuspendable(String internalName) {
        return !isPlatform(internalName) && suspendable.test(internalName);
    }

    /** Adds (or replaces) what is known of a class from its bytes, e.g. the class being rewritten. */
    public ClassInfo remember(byte[] bytes) {
        ClassInfo info = read(bytes);
        cache.put(info.internalName(), info);
        return info;
    }

    /** The class, or {@code null} when its bytes cannot be found. */
    public ClassInfo lookup(String internalName) {
        ClassInfo info = cache.computeIfAbsent(internalName, name -> {
            byte[] bytes = classBytes.apply(name);
            if (bytes == null) {
                return MISSING;
            }
            try {
                return read(bytes);
            } catch (RuntimeException e) {
                return MISSING;
            }
        });
        return info == MISSING ? null : info;
    }

    /**
     * The class that declares the static method an {@code invokestatic} of {@code owner.name descriptor} selects: the
     * first of {@code owner} and its superclasses that declares it (static interface methods are not inherited), or
     * {@code null} when no readable class does.
     */
    public String staticDeclarer(String owner, String name, String descriptor) {
        String key = name + descriptor;
        for (String cls = owner; cls != null; ) {
            ClassInfo info = lookup(cls);
            if (info == null) {
                return null;
            }
            if (info.declaredMethods().contains(key)) {
                return cls;
            }
            cls = info.isInterface() ? null : info.superName();
        }
        return null;
    }

    /** Whether the class is an interface (false when unknown). */
    public boolean isInterface(String internalName) {
        ClassInfo info = lookup(internalName);
        return info != null && info.isInterface();
    }

    /** The super class's internal name, {@code null} for {@code java/lang/Object}, interfaces and unknown classes' parents. */
    public String superName(String internalName) {
        ClassInfo info = lookup(internalName);
        return info == null ? (internalName.equals("java/lang/Object") ? null : "java/lang/Object") : info.superName();
    }

    /** Whether {@code sub} is {@code type} or one of its subtypes (classes and interfaces, transitively). */
    public boolean isSubtype(String sub, String type) {
        if (sub.equals(type) || type.equals("java/lang/Object")) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        List<String> work = new ArrayList<>();
        work.add(sub);
        while (!work.isEmpty()) {
            String name = work.remove(work.size() - 1);
            if (!seen.add(name)) {
                continue;
            }
            if (name.equals(type)) {
                return true;
            }
            ClassInfo info = lookup(name);
            if (info == null) {
                continue;
            }
            if (info.superName() != null) {
                work.add(info.superName());
            }
            work.addAll(info.interfaces());
        }
        return false;
    }

    /** The most specific common super class of two classes, as the verifier's frames need it. */
    public String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isInterface(a) || isInterface(b)) {
            if (isSubtype(a, b)) {
                return b;
            }
            if (isSubtype(b, a)) {
                return a;
            }
            return "java/lang/Object";
        }
        Set<String> ancestors = new HashSet<>();
        for (String c = a; c != null; c = superName(c)) {
            ancestors.add(c);
        }
        for (String c = b; c != null; c = superName(c)) {
            if (ancestors.contains(c)) {
                return c;
            }
        }
        return "java/lang/Object";
    }

    /**
     * Whether calling {@code owner.name descriptor} may suspend: the method, as declared in
     * {@code owner} or inherited from one of its super types, is {@code @Coroutine} there or in a
     * type it overrides.
     */
    public boolean isCoroutineMethod(String owner, String name, String descriptor) {
        if (isPlatform(owner)) {
            return false;
        }
        String key = name + descriptor;
        Set<String> seen = new HashSet<>();
        List<String> work = new ArrayList<>();
        work.add(owner);
        while (!work.isEmpty()) {
            String cls = work.remove(work.size() - 1);
            if (!seen.add(cls) || isPlatform(cls)) {
                continue;
            }
            ClassInfo info = lookup(cls);
            if (info == null) {
                continue;
            }
            if (info.coroutineMethods().contains(key)) {
                return true;
            }
            if (info.superName() != null) {
                work.add(info.superName());
            }
            work.addAll(info.interfaces());
        }
        return false;
    }

    /** Whether a method of {@code internalName} that it declares itself overrides a {@code @Coroutine} method of a super type. */
    public boolean overridesCoroutineMethod(ClassInfo cls, String name, String descriptor) {
        if (cls.superName() != null && isCoroutineMethod(cls.superName(), name, descriptor)) {
            return true;
        }
        for (String itf : cls.interfaces()) {
            if (isCoroutineMethod(itf, name, descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** What the functional-interface rule needs of an interface: its annotation, abstract methods and super-interfaces. */
    private record InterfaceInfo(boolean functional, Set<String> abstractMethods, List<String> superInterfaces) {
    }

    private static final InterfaceInfo NOT_AN_INTERFACE = new InterfaceInfo(false, Set.of(), List.of());
    private final Map<String, InterfaceInfo> interfaces = new ConcurrentHashMap<>();

    /**
     * Whether {@code owner.name descriptor} is the abstract method of a functional interface: the
     * interface, or one it extends, is annotated {@code @FunctionalInterface} (JDK interfaces such as
     * {@code Function}, {@code Supplier}, {@code Runnable}, {@code Callable} included) and declares
     * the method abstract. Inside a coroutine method such a call is a suspension point: the lambda or
     * method reference behind it may be a coroutine.
     */
    public boolean isFunctionalInterfaceMethod(String owner, String name, String descriptor) {
        String key = name + descriptor;
        boolean functional = false;
        boolean declared = false;
        Set<String> seen = new HashSet<>();
        List<String> work = new ArrayList<>();
        work.add(owner);
        while (!work.isEmpty()) {
            String itf = work.remove(work.size() - 1);
            if (!seen.add(itf)) {
                continue;
            }
            InterfaceInfo info = interfaceInfo(itf);
            if (info == NOT_AN_INTERFACE) {
                if (itf.equals(owner)) {
                    return false;
                }
                continue;
            }
            functional |= info.functional();
            declared |= info.abstractMethods().contains(key);
            work.addAll(info.superInterfaces());
        }
        return functional && declared;
    }

    private InterfaceInfo interfaceInfo(String internalName) {
        return interfaces.computeIfAbsent(internalName, name -> {
            byte[] bytes = classBytes.apply(name);
            if (bytes == null) {
                return NOT_AN_INTERFACE;
            }
            try {
                ClassReader reader = new ClassReader(bytes);
                if ((reader.getAccess() & Opcodes.ACC_INTERFACE) == 0) {
                    return NOT_AN_INTERFACE;
                }
                boolean[] functional = new boolean[1];
                Set<String> abstracts = new HashSet<>();
                reader.accept(new ClassVisitor(AsmApi.LEVEL) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if ("Ljava/lang/FunctionalInterface;".equals(annotation)) {
                            functional[0] = true;
                        }
                        return null;
                    }

                    @Override
                    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                        if ((access & Opcodes.ACC_ABSTRACT) != 0) {
                            abstracts.add(method + descriptor);
                        }
                        return null;
                    }
                }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                return new InterfaceInfo(functional[0], Set.copyOf(abstracts), List.of(reader.getInterfaces()));
            } catch (RuntimeException e) {
                return NOT_AN_INTERFACE;
            }
        });
    }

    /** JDK classes never hold coroutine methods, and are not worth reading for that. */
    static boolean isPlatform(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("com/sun/");
    }

    private ClassInfo read(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        String[] header = new String[2];
        List<String> interfaces = new ArrayList<>();
        boolean[] isInterface = new boolean[1];
        Set<String> coroutines = new HashSet<>();
        Set<String> declared = new HashSet<>();
        List<String[]> syntheticStatics = new ArrayList<>();
        reader.accept(new ClassVisitor(AsmApi.LEVEL) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] itfs) {
                header[0] = name;
                header[1] = superName;
                isInterface[0] = (access & Opcodes.ACC_INTERFACE) != 0;
                if (itfs != null) {
                    interfaces.addAll(List.of(itfs));
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                String key = name + descriptor;
                declared.add(key);
                if ((access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_STATIC)) == (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_STATIC)) {
                    syntheticStatics.add(new String[] {name, descriptor});
                }
                return new MethodVisitor(AsmApi.LEVEL) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (BytecodeContract.COROUTINE_DESCRIPTOR.equals(annotation)) {
                            coroutines.add(key);
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        Set<String> annotated = Set.copyOf(coroutines);
        boolean accessors = false;
        for (String[] m : syntheticStatics) {
            if (MethodClassifier.isDefaultsForwarder(Opcodes.ACC_SYNTHETIC | Opcodes.ACC_STATIC, header[0], m[0], m[1], annotated)) {
                coroutines.add(m[0] + m[1]); // Kotlin's f$default of a coroutine method f: a call to it may suspend
            }
            accessors |= m[0].startsWith("access$");
        }
        if (accessors && !annotated.isEmpty()) {
            // a compiler's accessor of a private coroutine method (MethodClassifier.accessorTarget): its code says which
            // method it calls, so the class is read again with the code, only when it has accessors and coroutine methods
            org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
            reader.accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            for (org.objectweb.asm.tree.MethodNode m : node.methods) {
                String target = MethodClassifier.accessorTarget(header[0], m);
                if (target != null && annotated.contains(target)) {
                    coroutines.add(m.name + m.desc);
                }
            }
        }
        if (header[0] != null && isSuspendable(header[0])) {
            for (String key : declared) {
                if (!key.startsWith("<")) {
                    coroutines.add(key); // a suspendable class: every method may suspend
                }
            }
        }
        return new ClassInfo(header[0], header[1], List.copyOf(interfaces), isInterface[0], Set.copyOf(coroutines), Set.copyOf(declared));
    }
}
