package dev.coflow.agent.harness;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 81: a second verifier, written apart from both ASM and HotSpot's: the JDK's ClassFile API
 * ({@code java.lang.classfile.ClassFile#verify}, Java 24 and later), which checks a class file's stack map frames and
 * type flow against the JVM specification. The harnesses run it beside {@code CheckClassAdapter} on every class they
 * rewrite; on a JDK without the API (17 to 23) it reports nothing. Reached by reflection, since the tests compile
 * for Java 17.
 */
public final class JdkVerifier {
    private static final Method CLASS_FILE_OF;
    private static final Method RESOLVER_OPTION_OF;
    private static final Method RESOURCE_PARSING;
    private static final Method OR_ELSE;
    private static final Method DEFAULT_RESOLVER;
    private static final Method VERIFY;
    private static final Class<?> OPTION;

    static {
        Method of = null;
        Method option = null;
        Method parsing = null;
        Method orElse = null;
        Method defaults = null;
        Method verify = null;
        Class<?> optionType = null;
        try {
            Class<?> classFile = Class.forName("java.lang.classfile.ClassFile");
            optionType = Class.forName("java.lang.classfile.ClassFile$Option");
            Class<?> resolver = Class.forName("java.lang.classfile.ClassHierarchyResolver");
            Class<?> resolverOption = Class.forName("java.lang.classfile.ClassFile$ClassHierarchyResolverOption");
            of = classFile.getMethod("of", optionType.arrayType());
            option = resolverOption.getMethod("of", resolver);
            parsing = resolver.getMethod("ofResourceParsing", ClassLoader.class);
            orElse = resolver.getMethod("orElse", resolver);
            defaults = resolver.getMethod("defaultResolver");
            verify = classFile.getMethod("verify", byte[].class);
        } catch (ReflectiveOperationException absent) {
            of = null; // before Java 24: no ClassFile API (or only as a preview)
        }
        CLASS_FILE_OF = of;
        RESOLVER_OPTION_OF = option;
        RESOURCE_PARSING = parsing;
        OR_ELSE = orElse;
        DEFAULT_RESOLVER = defaults;
        VERIFY = verify;
        OPTION = optionType;
    }

    private JdkVerifier() {
    }

    /** Whether the running JDK has the verifier (Java 24 and later). */
    public static boolean available() {
        return CLASS_FILE_OF != null;
    }

    /**
     * What the JDK's verifier finds wrong in {@code bytes}, one line each, resolving the classes it compares by parsing
     * their class files through {@code loader} (then the JDK's own); empty when nothing, or when the JDK has no verifier.
     */
    public static List<String> errors(byte[] bytes, ClassLoader loader) {
        if (!available()) {
            return List.of();
        }
        try {
            Object resolver = OR_ELSE.invoke(RESOURCE_PARSING.invoke(null, loader), DEFAULT_RESOLVER.invoke(null));
            Object options = Array.newInstance(OPTION, 1);
            Array.set(options, 0, RESOLVER_OPTION_OF.invoke(null, resolver));
            Object classFile = CLASS_FILE_OF.invoke(null, options);
            List<?> found = (List<?>) VERIFY.invoke(classFile, (Object) bytes);
            List<String> out = new ArrayList<>();
            for (Object e : found) {
                out.add(((Throwable) e).getMessage());
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the JDK's ClassFile verifier could not be called", e);
        }
    }
}
