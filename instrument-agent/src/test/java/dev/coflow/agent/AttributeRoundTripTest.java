package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.agent.cases.ReflectedCoroutineSignatures;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.ParameterNode;
import org.objectweb.asm.tree.RecordComponentNode;
import org.objectweb.asm.tree.TypeAnnotationNode;

/**
 * Catalogue 49 and 66: the attributes a class and its members carry through rewriting. For every class file of the
 * cases package (records, sealed hierarchies, nested, inner and anonymous classes, lambdas, generic and annotated
 * methods), the rewritten class keeps the original's class-level attributes (NestHost, NestMembers, Record,
 * PermittedSubclasses, InnerClasses, EnclosingMethod, Signature, SourceFile, annotations and type annotations); every
 * original method keeps, under its name and descriptor, its access, Signature, Exceptions, MethodParameters,
 * AnnotationDefault, annotations, parameter annotations and type annotations; every original field is unchanged; and
 * what the rewriter adds is synthetic. Then reflection, on the loaded rewritten class, reads a coroutine method's
 * declaration as javac wrote it.
 */
class AttributeRoundTripTest {

    static List<String> classFiles() throws IOException, URISyntaxException {
        String dir = CaseHarness.CASES_PACKAGE.replace('.', '/');
        Path root = Path.of(AttributeRoundTripTest.class.getClassLoader().getResource(dir).toURI());
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> dir + "/" + n.substring(0, n.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classFiles")
    void rewrite_keepsEveryAttributeOfTheClassAndItsMembers(String internalName) throws IOException {
        ClassLoader loader = AttributeRoundTripTest.class.getClassLoader();
        byte[] original = read(loader, internalName);
        assertNotNull(original, internalName);
        ClassRewriter.Result result = ClassRewriter.rewrite(original, ClassHierarchy.of(loader), ClassRewriter.Options.DEFAULT);
        ClassNode before = node(original);
        ClassNode after = node(result.bytes() != null ? result.bytes() : original);

        if (result.bytes() != null) {
            // the one thing rewriting adds to the class itself: the invisible mark that says it was rewritten (and by
            // which version), so that neither the agent nor the build rewrites it twice
            AnnotationNode mark = after.invisibleAnnotations == null ? null : after.invisibleAnnotations.stream()
                    .filter(n -> n.desc.equals("Ldev/coflow/runtime/Rewritten;")).findFirst().orElse(null);
            assertNotNull(mark, internalName + " was rewritten without its mark");
            after.invisibleAnnotations.remove(mark);
        }
        assertEquals(classAttributes(before), classAttributes(after), internalName + ": class attributes");

        Map<String, MethodNode> afterMethods = byKey(after.methods, m -> m.name + m.desc);
        for (MethodNode m : before.methods) {
            MethodNode kept = afterMethods.remove(m.name + m.desc);
            assertNotNull(kept, internalName + "." + m.name + m.desc + " is gone");
            assertEquals(methodAttributes(m), methodAttributes(kept), internalName + "." + m.name + m.desc);
        }
        for (MethodNode added : afterMethods.values()) {
            assertTrue((added.access & Opcodes.ACC_SYNTHETIC) != 0,
                    internalName + "." + added.name + added.desc + " was added and is not synthetic");
        }

        Map<String, FieldNode> afterFields = byKey(after.fields, f -> f.name + ":" + f.desc);
        for (FieldNode f : before.fields) {
            FieldNode kept = afterFields.remove(f.name + ":" + f.desc);
            assertNotNull(kept, internalName + "." + f.name + " is gone");
            assertEquals(fieldAttributes(f), fieldAttributes(kept), internalName + "." + f.name);
        }
        for (FieldNode added : afterFields.values()) {
            assertTrue((added.access & Opcodes.ACC_SYNTHETIC) != 0,
                    internalName + "." + added.name + " was added and is not synthetic");
        }
    }

    @Test
    void allClassFiles_includeRecordsSealedNestedAndAnnotatedClasses() throws Exception {
        List<String> files = classFiles();
        ClassLoader loader = AttributeRoundTripTest.class.getClassLoader();
        boolean record = false;
        boolean sealed = false;
        boolean nest = false;
        boolean parameters = false;
        for (String name : files) {
            ClassNode c = node(read(loader, name));
            record |= c.recordComponents != null;
            sealed |= c.permittedSubclasses != null;
            nest |= c.nestMembers != null;
            parameters |= c.methods.stream().anyMatch(m -> m.parameters != null);
        }
        assertTrue(record && sealed && nest && parameters,
                "the round trip no longer sees every attribute: record " + record + ", sealed " + sealed + ", nest " + nest
                        + ", MethodParameters " + parameters);
    }

    @Test
    void reflection_readsTheCoroutineMethodsDeclarationAsJavacWroteIt() throws Exception {
        Class<?> fixture = CaseHarness.load(ReflectedCoroutineSignatures.class.getSimpleName());
        Method above = onlyDeclared(fixture, "above");
        assertEquals("[items, floor]", Arrays.stream(above.getParameters()).map(Parameter::getName).toList().toString());
        assertTrue(Arrays.stream(above.getParameters()).allMatch(Parameter::isNamePresent), "MethodParameters lost");
        assertEquals("[[Tag items], [Tag floor]]", Arrays.stream(above.getParameterAnnotations())
                .map(AttributeRoundTripTest::tags).toList().toString());
        assertEquals("java.util.List<T>", above.getGenericReturnType().getTypeName());
        assertEquals("[java.util.List<T>, T]", Arrays.toString(above.getGenericParameterTypes()));
        assertEquals("T", above.getTypeParameters()[0].getName());
        assertEquals("[java.lang.Comparable<T>]", Arrays.toString(above.getTypeParameters()[0].getBounds()));
        assertEquals("[class java.io.IOException]", Arrays.toString(above.getExceptionTypes()));
        AnnotatedType returned = above.getAnnotatedReturnType();
        assertTrue(returned instanceof java.lang.reflect.AnnotatedParameterizedType, returned.toString());
        AnnotatedType element = ((java.lang.reflect.AnnotatedParameterizedType) returned).getAnnotatedActualTypeArguments()[0];
        assertEquals(1, element.getAnnotations().length, () -> "type annotation on List<@Checked T> lost: " + returned);
        assertEquals("Checked", element.getAnnotations()[0].annotationType().getSimpleName());

        Class<?> holder = Class.forName(fixture.getName() + "$Holder", false, fixture.getClassLoader());
        Method describe = onlyDeclared(holder, "describe");
        assertEquals("[prefix, how]", Arrays.stream(describe.getParameters()).map(Parameter::getName).toList().toString());
        assertEquals("java.util.function.Function<? super java.util.List<E>, R>",
                describe.getGenericParameterTypes()[1].getTypeName());
        assertEquals("R", describe.getGenericReturnType().getTypeName());
    }

    /** Each annotation as its type's simple name and its {@code value()}: the same text on every JDK. */
    private static List<String> tags(java.lang.annotation.Annotation[] annotations) {
        List<String> out = new ArrayList<>();
        for (java.lang.annotation.Annotation a : annotations) {
            try {
                out.add(a.annotationType().getSimpleName() + " " + a.annotationType().getMethod("value").invoke(a));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** The one method of that name that is not synthetic: the added bodies and entries must not show as the user's. */
    private static Method onlyDeclared(Class<?> c, String name) {
        List<Method> found = Arrays.stream(c.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && !m.isSynthetic())
                .toList();
        assertEquals(1, found.size(), () -> c.getName() + " declares " + found);
        List<Method> all = Arrays.stream(c.getDeclaredMethods()).filter(m -> !m.isSynthetic()).toList();
        assertTrue(all.stream().noneMatch(m -> m.getName().contains("coflow")), () -> "added methods show: " + all);
        return found.get(0);
    }

    // ---------------------------------------------------------------- what is compared

    private static List<Object> classAttributes(ClassNode c) {
        List<Object> a = new ArrayList<>();
        a.add("version " + c.version + " access " + c.access + " " + c.name + " signature " + c.signature);
        a.add("super " + c.superName + " interfaces " + c.interfaces);
        a.add("source " + c.sourceFile + " debug " + c.sourceDebug);
        a.add("outer " + c.outerClass + " " + c.outerMethod + c.outerMethodDesc);
        a.add("nest host " + c.nestHostClass + " members " + c.nestMembers);
        a.add("permitted " + c.permittedSubclasses);
        List<String> inner = new ArrayList<>();
        for (InnerClassNode i : orEmpty(c.innerClasses)) {
            inner.add(i.name + " " + i.outerName + " " + i.innerName + " " + i.access);
        }
        a.add("inner " + inner);
        List<String> components = new ArrayList<>();
        for (RecordComponentNode r : orEmpty(c.recordComponents)) {
            components.add(r.name + r.descriptor + " " + r.signature + " " + annotations(r.visibleAnnotations)
                    + annotations(r.invisibleAnnotations) + typeAnnotations(r.visibleTypeAnnotations)
                    + typeAnnotations(r.invisibleTypeAnnotations));
        }
        a.add("record " + (c.recordComponents == null ? "none" : components));
        a.add("annotations " + annotations(c.visibleAnnotations) + annotations(c.invisibleAnnotations));
        a.add("type annotations " + typeAnnotations(c.visibleTypeAnnotations) + typeAnnotations(c.invisibleTypeAnnotations));
        return a;
    }

    private static List<Object> methodAttributes(MethodNode m) {
        List<Object> a = new ArrayList<>();
        a.add("access " + m.access + " signature " + m.signature + " throws " + m.exceptions);
        List<String> parameters = new ArrayList<>();
        if (m.parameters != null) {
            for (ParameterNode p : m.parameters) {
                parameters.add(p.name + " " + p.access);
            }
        }
        a.add("parameters " + (m.parameters == null ? "none" : parameters));
        a.add("default " + render(m.annotationDefault));
        a.add("annotations " + annotations(m.visibleAnnotations) + annotations(m.invisibleAnnotations));
        a.add("parameter annotations " + m.visibleAnnotableParameterCount + " " + parameterAnnotations(m.visibleParameterAnnotations)
                + " " + m.invisibleAnnotableParameterCount + " " + parameterAnnotations(m.invisibleParameterAnnotations));
        a.add("type annotations " + typeAnnotations(m.visibleTypeAnnotations) + typeAnnotations(m.invisibleTypeAnnotations));
        return a;
    }

    private static List<Object> fieldAttributes(FieldNode f) {
        return List.of("access " + f.access + " signature " + f.signature + " value " + f.value,
                "annotations " + annotations(f.visibleAnnotations) + annotations(f.invisibleAnnotations),
                "type annotations " + typeAnnotations(f.visibleTypeAnnotations) + typeAnnotations(f.invisibleTypeAnnotations));
    }

    private static String annotations(List<AnnotationNode> list) {
        List<String> out = new ArrayList<>();
        for (AnnotationNode n : orEmpty(list)) {
            out.add(render(n));
        }
        return out.toString();
    }

    private static String typeAnnotations(List<TypeAnnotationNode> list) {
        List<String> out = new ArrayList<>();
        for (TypeAnnotationNode n : orEmpty(list)) {
            out.add(Integer.toHexString(n.typeRef) + " " + n.typePath + " " + render(n));
        }
        return out.toString();
    }

    private static String parameterAnnotations(List<AnnotationNode>[] perParameter) {
        if (perParameter == null) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        for (List<AnnotationNode> one : perParameter) {
            out.add(annotations(one));
        }
        return out.toString();
    }

    /** An annotation's type and values, nested annotations and arrays included, as text to compare. */
    private static String render(Object value) {
        if (value instanceof AnnotationNode n) {
            StringBuilder b = new StringBuilder("@").append(n.desc).append('(');
            List<Object> values = n.values == null ? List.of() : n.values;
            for (int i = 0; i + 1 < values.size(); i += 2) {
                b.append(values.get(i)).append('=').append(render(values.get(i + 1))).append(i + 2 < values.size() ? ", " : "");
            }
            return b.append(')').toString();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                out.add(render(o));
            }
            return out.toString();
        }
        if (value instanceof String[] enumValue) {
            return Arrays.toString(enumValue);
        }
        return String.valueOf(value);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> Map<String, T> byKey(List<T> list, Function<T, String> key) {
        Map<String, T> map = new TreeMap<>();
        for (T t : list) {
            map.put(key.apply(t), t);
        }
        return map;
    }

    private static ClassNode node(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node;
    }

    private static byte[] read(ClassLoader loader, String internalName) throws IOException {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
