package dev.coflow.agent.properties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates Java source for every call shape of the soundness rules: a caller (a static or instance
 * {@code @Coroutine} method, or a lambda body called through {@code Supplier}) calls a coroutine
 * method through a forwarder (directly; a static, bound or unbound method reference; a lambda; an
 * anonymous class) whose declared return type differs from the method's actual return type in every
 * way an assignment context allows (identity, widening primitive, boxing then widening reference,
 * unboxing then widening primitive, a reference cast of an erased type variable, a discarded result).
 * The callee suspends or not ({@code suspend}) and throws before or after its yield or not
 * ({@code thr}); the caller renders what it got, or the exception, as a string.
 */
final class CallShapes {
    private CallShapes() {
    }

    /** An actual (callee) return type: its Java name and the expression of {@code int k} it returns. */
    record Actual(String name, String type, String value) {
    }

    static final List<Actual> ACTUALS = List.of(
            new Actual("int", "int", "k * 3 + 1"),
            new Actual("long", "long", "k * 3000000000L + 7"),
            new Actual("float", "float", "k + 0.5f"),
            new Actual("double", "double", "k / 8.0 + 0.25"),
            new Actual("boolean", "boolean", "k % 2 == 0"),
            new Actual("char", "char", "(char) ('a' + k % 26)"),
            new Actual("byte", "byte", "(byte) (k * 37)"),
            new Actual("short", "short", "(short) (k * 1000)"),
            new Actual("Integer", "Integer", "k % 5 == 0 ? null : Integer.valueOf(k)"),
            new Actual("Long", "Long", "Long.valueOf(k * 11L)"),
            new Actual("Double", "Double", "k % 7 == 3 ? null : Double.valueOf(k / 4.0)"),
            new Actual("Character", "Character", "Character.valueOf((char) ('A' + k % 26))"),
            new Actual("String", "String", "\"s\" + k"),
            new Actual("T", "T", "(T) (k % 4 == 1 ? (Object) Integer.valueOf(k) : (Object) (\"g\" + k))"));

    /** For each actual type, the declared types an assignment context accepts ({@code void}: discarded). */
    static final Map<String, List<String>> DECLARED = new LinkedHashMap<>();

    static {
        DECLARED.put("int", List.of("int", "long", "float", "double", "Integer", "Object", "Number", "void"));
        DECLARED.put("long", List.of("long", "float", "double", "Long", "Object", "Number", "void"));
        DECLARED.put("float", List.of("float", "double", "Float", "Object", "void"));
        DECLARED.put("double", List.of("double", "Double", "Object", "Number", "void"));
        DECLARED.put("boolean", List.of("boolean", "Boolean", "Object", "void"));
        DECLARED.put("char", List.of("char", "int", "long", "double", "Character", "Object", "void"));
        DECLARED.put("byte", List.of("byte", "short", "int", "long", "float", "double", "Byte", "Object", "Number", "void"));
        DECLARED.put("short", List.of("short", "int", "long", "float", "double", "Short", "Object", "void"));
        DECLARED.put("Integer", List.of("int", "long", "float", "double", "Integer", "Object", "Number", "void"));
        DECLARED.put("Long", List.of("long", "float", "double", "Long", "Object", "void"));
        DECLARED.put("Double", List.of("double", "Double", "Object", "void"));
        DECLARED.put("Character", List.of("char", "int", "long", "Character", "Object", "void"));
        DECLARED.put("String", List.of("String", "Object", "CharSequence", "void"));
        DECLARED.put("T", List.of("String", "Object", "int", "Integer"));
    }

    /**
     * How the caller reaches the callee. {@code REFUSED} is an anonymous class whose {@code call} is a
     * {@code synchronized} coroutine method that forwards, through the same interface method, to another
     * anonymous implementation (rewritten, so its bridge takes the key of that method): the agent refuses it, so a suspension below it must fail at the yield (found by applying the error catalogue's fixes: it once let the caller's key through and was
     * skipped on resume, a wrong value).
     *
     * <p>{@code DECORATOR}, {@code PROXY} and {@code AND_THEN} reach the callee through a frame the agent never
     * rewrites that calls the <em>same</em> method on another object (design.md, "Exactness: armed calls"): a class
     * naming nothing of coflow that implements the interface and forwards to a lambda; a JDK dynamic proxy whose
     * handler ({@code gen.Handler}, plain) calls the lambda reflectively; the JDK's {@code Function.andThen}
     * (declared {@code Object} only). Each does work after the call (counts it), so a suspension below must fail
     * at the yield (until 2026-12-04 each passed the caller's key on: skipped on resume). {@code SUBCLASS} is a
     * subclass naming nothing of coflow whose override of the instance coroutine method calls it on another
     * object: rewritten here (the harness rewrites every class; the Maven plugin does too, an override of a coroutine
     * method is one) it must give plain Java's value; under the agent, which never looks at a class that names nothing
     * of coflow, it is a plain forwarder like {@code DECORATOR}.
     *
     * <p>{@code SUPER_CALL} and {@code STATIC_SAME_NAME} reach the callee through a plain frame that calls a method of
     * the same name and descriptor on the <em>same</em> object or statically: {@code PlainSuper}'s override calls
     * {@code super.im_…} (the harness leaves it as javac wrote it, as the agent does), {@code SDeco_…} implements
     * {@code I_…} by calling the static coroutine method {@code SCallee_….call}. Both must fail at the yield; until
     * 2026-12-04 both took the caller's key (the same object's class; an interface key at a static bridge) and ran on
     * with the dummy value. {@code SUPER_REWRITTEN} is {@code SUPER_CALL}'s override rewritten ({@code RewrittenSuper},
     * the same source): its {@code super} call is armed for the class it names and must give plain Java's value.
     * {@code STATIC_EXCLUDED} calls a static {@code @Coroutine} method the agent did not rewrite ({@code XStatic_…},
     * as in an {@code exclude=}d package) that calls one of the same name and descriptor in another class
     * ({@code SCallee_…}): refused at the yield since static keys name their class (before, the caller's key fit).
     *
     * <p>{@code NOT_FUNCTIONAL} calls a lambda through {@code N_…}, an interface with one abstract method that is not
     * {@code @FunctionalInterface}: the call is no suspension point, so the caller is not rewritten for it, and the
     * lambda, rewritten, must fail at the yield (naming the interface in the fix), never run on with a dummy value.
     */
    enum Forwarder { DIRECT, STATIC_REF, BOUND_REF, UNBOUND_REF, LAMBDA, ANONYMOUS, REFUSED, DECORATOR, PROXY, AND_THEN, SUBCLASS,
        SUPER_CALL, STATIC_SAME_NAME, SUPER_REWRITTEN, STATIC_EXCLUDED, NOT_FUNCTIONAL }

    /** Classes the harness must leave as javac wrote them (internal-name prefixes): the agent would never look at them. */
    static final List<String> NEVER_REWRITTEN = List.of("gen/PlainSuper", "gen/XStatic_");

    /** The forwarders a suspension below must fail under, at the yield. */
    static boolean refusesSuspension(Forwarder f) {
        return f == Forwarder.REFUSED || f == Forwarder.DECORATOR || f == Forwarder.PROXY || f == Forwarder.AND_THEN
                || f == Forwarder.SUPER_CALL || f == Forwarder.STATIC_SAME_NAME || f == Forwarder.STATIC_EXCLUDED
                || f == Forwarder.NOT_FUNCTIONAL;
    }

    /**
     * What calls the forwarder. {@code PLAIN_CALLBACK} is a plain method (the coroutine's root, not rewritten)
     * that hands a lambda to library code ({@code gen.Lib}, never rewritten) which calls it back through
     * {@code Supplier.get}, the interface the handle called the root through: a suspension there must fail at
     * the yield (found by the transparency corpus; the root's key once reached the callback).
     */
    enum Caller { STATIC, INSTANCE, LAMBDA, PLAIN_CALLBACK }

    /** One shape: the static method {@code gen.Shapes<group>.s<index>(int k0, boolean suspend, int thr)}. */
    record Shape(String className, String method, Actual actual, String declared, Forwarder forwarder, Caller caller) {
        @Override
        public String toString() {
            return caller + " caller, " + forwarder + ", " + actual.name() + " as " + declared + " (" + className + "." + method + ")";
        }
    }

    /** The sources: file name (under {@code gen/}) to text. */
    record Generated(Map<String, String> sources, List<Shape> shapes) {
    }

    static Generated generate() {
        Map<String, String> sources = new LinkedHashMap<>();
        List<Shape> shapes = new ArrayList<>();
        List<String> declaredTypes = new ArrayList<>();
        for (List<String> ds : DECLARED.values()) {
            for (String d : ds) {
                if (!declaredTypes.contains(d)) {
                    declaredTypes.add(d);
                }
            }
        }
        for (String d : declaredTypes) {
            sources.put("I_" + d + ".java", "package gen;\n@FunctionalInterface public interface I_" + d + " { "
                    + d + " call(int k0, boolean suspend, int thr); }\n");
            sources.put("Deco_" + d + ".java", "package gen;\n/** A decorator: never rewritten (it names nothing of coflow). */\npublic final class Deco_" + d
                    + " implements I_" + d + " {\n    public static int after;\n    private final I_" + d + " inner;\n"
                    + "    public Deco_" + d + "(I_" + d + " inner) { this.inner = inner; }\n"
                    + "    @Override public " + d + " call(int k0, boolean suspend, int thr) {\n"
                    + (d.equals("void") ? "        inner.call(k0, suspend, thr);\n        after++;\n"
                    : "        " + d + " r = inner.call(k0, suspend, thr);\n        after++;\n        return r;\n") + "    }\n}\n");
            sources.put("U_" + d + ".java", "package gen;\n@FunctionalInterface public interface U_" + d + " { "
                    + d + " call(Callees c, int k0, boolean suspend, int thr); }\n");
            sources.put("N_" + d + ".java", "package gen;\n/** One abstract method, not @FunctionalInterface: its calls are plain calls. */\n"
                    + "public interface N_" + d + " { " + d + " call(int k0, boolean suspend, int thr); }\n");
        }
        sources.put("Callees.java", callees());
        sources.put("PlainSub.java", overrides("PlainSub", "new Callees()"));
        sources.put("PlainSuper.java", overrides("PlainSuper", "super"));
        sources.put("RewrittenSuper.java", overrides("RewrittenSuper", "super"));
        for (Actual a : ACTUALS) {
            if (a.name().equals("T")) {
                continue;
            }
            String t = a.type();
            sources.put("SCallee_" + a.name() + ".java", "package gen;\n/** A static coroutine method named as the interface method I_" + t + ".call. */\n"
                    + "public final class SCallee_" + a.name() + " {\n    @dev.coflow.Coroutine public static " + t
                    + " call(int k0, boolean suspend, int thr) { return Callees.m_" + a.name() + "(k0, suspend, thr); }\n}\n");
            sources.put("XStatic_" + a.name() + ".java", "package gen;\n/** Left as javac wrote it ({@link CallShapes#NEVER_REWRITTEN}). */\n"
                    + "public final class XStatic_" + a.name() + " {\n    public static int after;\n"
                    + "    @dev.coflow.Coroutine public static " + t + " call(int k0, boolean suspend, int thr) {\n        " + t + " r = SCallee_"
                    + a.name() + ".call(k0, suspend, thr);\n        after++;\n        return r;\n    }\n}\n");
            sources.put("SDeco_" + a.name() + ".java", "package gen;\n/** Never rewritten (it names nothing of coflow): forwards to a static method of the same name. */\n"
                    + "public final class SDeco_" + a.name() + " implements I_" + t + " {\n    public static int after;\n"
                    + "    @Override public " + t + " call(int k0, boolean suspend, int thr) {\n        " + t + " r = SCallee_" + a.name()
                    + ".call(k0, suspend, thr);\n        after++;\n        return r;\n    }\n}\n");
        }
        sources.put("Handler.java", "package gen;\n/** A proxy's handler: never rewritten. */\npublic final class Handler implements java.lang.reflect.InvocationHandler {\n"
                + "    public static int after;\n    private final Object target;\n    public Handler(Object target) { this.target = target; }\n"
                + "    @Override public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {\n"
                + "        Object r;\n        try { r = m.invoke(target, args); } catch (java.lang.reflect.InvocationTargetException e) { throw e.getCause(); }\n"
                + "        after++;\n        return r;\n    }\n}\n");
        sources.put("Lib.java", "package gen;\n/** Library code: never rewritten (it names nothing of coflow). */\npublic final class Lib {\n"
                + "    public static String call(java.util.function.Supplier<String> callback) { String r = callback.get(); return r; }\n}\n");
        int group = 0;
        for (Actual a : ACTUALS) {
            String cls = "Shapes" + group++;
            StringBuilder body = new StringBuilder();
            body.append("package gen;\nimport dev.coflow.Coroutine;\nimport java.util.function.Supplier;\n")
                    .append("@SuppressWarnings({\"unchecked\", \"rawtypes\"})\npublic class ").append(cls).append(" {\n")
                    .append("    static String render(Object o) { return String.valueOf(o); }\n")
                    .append("    static String render(RuntimeException e) { return e instanceof NullPointerException"
                            + " ? \"EX java.lang.NullPointerException\" : \"EX \" + e.getClass().getName() + \": \" + e.getMessage(); }\n");
            int index = 0;
            for (String d : DECLARED.get(a.name())) {
                for (Caller c : Caller.values()) {
                    for (Forwarder f : Forwarder.values()) {
                        if (c != Caller.STATIC && f != Forwarder.STATIC_REF && f != Forwarder.UNBOUND_REF && f != Forwarder.LAMBDA) {
                            continue;
                        }
                        if (c == Caller.PLAIN_CALLBACK && f != Forwarder.LAMBDA) {
                            continue;
                        }
                        if (c != Caller.STATIC && (f == Forwarder.DECORATOR || f == Forwarder.PROXY || f == Forwarder.SUBCLASS
                                || f == Forwarder.NOT_FUNCTIONAL
                                || f == Forwarder.SUPER_CALL || f == Forwarder.STATIC_SAME_NAME || f == Forwarder.SUPER_REWRITTEN
                                || f == Forwarder.STATIC_EXCLUDED)
                                || f == Forwarder.AND_THEN && !d.equals("Object")
                                || (f == Forwarder.STATIC_SAME_NAME || f == Forwarder.STATIC_EXCLUDED) && (a.name().equals("T") || !d.equals(a.type()))) {
                            continue;
                        }
                        String name = "s" + index++;
                        shapes.add(new Shape("gen." + cls, name, a, d, f, c));
                        body.append(shape(name, a, d, f, c).replace("Shapes$", cls));
                    }
                }
            }
            body.append("}\n");
            sources.put(cls + ".java", body.toString());
        }
        return new Generated(sources, shapes);
    }

    private static String callees() {
        StringBuilder s = new StringBuilder("package gen;\nimport dev.coflow.Coroutine;\nimport dev.coflow.Coroutines;\n")
                .append("@SuppressWarnings(\"unchecked\")\npublic class Callees {\n");
        for (Actual a : ACTUALS) {
            String generic = a.name().equals("T") ? "<T> " : "";
            String common = "(int k0, boolean suspend, int thr) {\n"
                    + "        if (thr == 1) throw new IllegalStateException(\"before \" + k0);\n"
                    + "        int k = suspend ? Coroutines.<Integer>yield(\"y\" + k0) : k0 + 100;\n"
                    + "        if (thr == 2) throw new IllegalArgumentException(\"after \" + k);\n"
                    + "        return " + a.value() + ";\n    }\n";
            s.append("    @Coroutine public static ").append(generic).append(a.type()).append(" m_").append(a.name()).append(common);
            s.append("    @Coroutine public ").append(generic).append(a.type()).append(" im_").append(a.name()).append(common);
        }
        return s.append("}\n").toString();
    }

    /**
     * A subclass of the callees' class, named {@code name}, that names nothing of coflow and overrides each instance
     * coroutine method, calling it on {@code receiver} ({@code "new Callees()"}: another object; {@code "super"}) and
     * counting the call after it returns.
     */
    private static String overrides(String name, String receiver) {
        StringBuilder s = new StringBuilder("package gen;\n/** Names nothing of coflow (see CallShapes.Forwarder). */\n")
                .append("@SuppressWarnings(\"unchecked\")\npublic class ").append(name).append(" extends Callees {\n    public static int after;\n");
        for (Actual a : ACTUALS) {
            String generic = a.name().equals("T") ? "<T> " : "";
            s.append("    @Override public ").append(generic).append(a.type()).append(" im_").append(a.name())
                    .append("(int k0, boolean suspend, int thr) {\n        ").append(a.type()).append(" r = ").append(receiver)
                    .append(".im_").append(a.name()).append("(k0, suspend, thr);\n        after++;\n        return r;\n    }\n");
        }
        return s.append("}\n").toString();
    }

    private static String shape(String name, Actual a, String d, Forwarder f, Caller c) {
        boolean isVoid = d.equals("void");
        String target = "m_" + a.name();
        String lambda = "(I_" + d + ") (a, b, t) -> " + (isVoid ? "{ Callees." + target + "(a, b, t); }" : "Callees." + target + "(a, b, t)");
        String call = switch (f) {
            case DIRECT -> "Callees." + target + "(k0, suspend, thr)";
            case STATIC_REF -> "((I_" + d + ") Callees::" + target + ").call(k0, suspend, thr)";
            case BOUND_REF -> "((I_" + d + ") new Callees()::i" + target + ").call(k0, suspend, thr)";
            case UNBOUND_REF -> "((U_" + d + ") Callees::i" + target + ").call(new Callees(), k0, suspend, thr)";
            case LAMBDA -> "((I_" + d + ") (a, b, t) -> " + (isVoid ? "{ Callees." + target + "(a, b, t); }" : "Callees." + target + "(a, b, t)")
                    + ").call(k0, suspend, thr)";
            case ANONYMOUS -> "new I_" + d + "() { @Coroutine public " + d + " call(int a, boolean b, int t) { "
                    + (isVoid ? "Callees." + target + "(a, b, t); }" : "return Callees." + target + "(a, b, t); }") + " }.call(k0, suspend, thr)";
            // forwards to another implementation of the same interface method: the call below names what the caller's did
            case REFUSED -> "new I_" + d + "() { @Coroutine public synchronized " + d + " call(int a, boolean b, int t) { "
                    + (isVoid ? "" : "return ") + "new I_" + d + "() { @Coroutine public " + d + " call(int a2, boolean b2, int t2) { "
                    + (isVoid ? "" : "return ") + "Callees." + target + "(a2, b2, t2); } }.call(a, b, t); } }.call(k0, suspend, thr)";
            case DECORATOR -> "((I_" + d + ") new Deco_" + d + "(" + lambda + ")).call(k0, suspend, thr)";
            case PROXY -> "((I_" + d + ") java.lang.reflect.Proxy.newProxyInstance(I_" + d + ".class.getClassLoader(), new Class<?>[] {I_" + d
                    + ".class}, new Handler(" + lambda + "))).call(k0, suspend, thr)";
            case AND_THEN -> "((java.util.function.Function<Integer, Object>) x -> Callees." + target + "(x, suspend, thr))"
                    + ".andThen(v -> v).apply(k0)";
            case SUBCLASS -> "((Callees) new PlainSub()).i" + target + "(k0, suspend, thr)";
            case SUPER_CALL -> "((Callees) new PlainSuper()).i" + target + "(k0, suspend, thr)";
            case SUPER_REWRITTEN -> "((Callees) new RewrittenSuper()).i" + target + "(k0, suspend, thr)";
            case STATIC_SAME_NAME -> "((I_" + d + ") new SDeco_" + a.name() + "()).call(k0, suspend, thr)";
            case STATIC_EXCLUDED -> "XStatic_" + a.name() + ".call(k0, suspend, thr)";
            case NOT_FUNCTIONAL -> "((N_" + d + ") (a, b, t) -> " + (isVoid ? "{ Callees." + target + "(a, b, t); }" : "Callees." + target + "(a, b, t)")
                    + ").call(k0, suspend, thr)";
        };
        String work = isVoid
                ? "try { " + call + "; return \"void\"; } catch (RuntimeException e) { return render(e); }"
                : "try { " + d + " r = " + call + "; return render(r); } catch (RuntimeException e) { return render(e); }";
        return switch (c) {
            case STATIC -> "    @Coroutine public static String " + name + "(int k0, boolean suspend, int thr) { " + work + " }\n";
            case INSTANCE -> "    @Coroutine public static String " + name + "(int k0, boolean suspend, int thr) { return new "
                    + "Shapes$().i" + name + "(k0, suspend, thr); }\n"
                    + "    @Coroutine String i" + name + "(int k0, boolean suspend, int thr) { " + work + " }\n";
            case LAMBDA -> "    @Coroutine public static String " + name + "(int k0, boolean suspend, int thr) {"
                    + " Supplier<String> s = () -> { " + work + " }; return s.get(); }\n";
            case PLAIN_CALLBACK -> "    public static String " + name + "(int k0, boolean suspend, int thr) {"
                    + " return Lib.call(() -> { " + work + " }); }\n";
        };
    }
}
