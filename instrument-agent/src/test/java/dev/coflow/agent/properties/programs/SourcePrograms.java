package dev.coflow.agent.properties.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated Java source, compiled by javac: random statements and expressions with {@code Coroutines.yield} in every
 * position the language allows (an operand, an argument, a string concatenation's part, a condition, a switch's
 * selector or arm, an array index, a lambda's captured value, in loops, {@code switch} statements and expressions,
 * {@code try}/{@code catch}/{@code finally}, try-with-resources, labelled {@code break} and {@code continue}, labelled blocks,
 * {@code synchronized} blocks around code that does not suspend, a
 * {@code new} whose arguments yield, {@code byte}, {@code short}, {@code char} and {@code float} locals and array
 * elements, local and anonymous classes whose methods are coroutine methods or plain, generators pulled by for-each
 * loops that yield; on JDK 21 or later also pattern switches, record patterns and guards, matching records one of whose
 * accessors is a coroutine method), with
 * static and instance helper coroutine methods called from any of them: on the class's object, on a subclass's whose
 * overrides call {@code super}, through an interface (some the interface's default methods), private ones as nestmates
 * (javac's {@code invokevirtual} of a private method), static ones that call themselves (a bounded recursion: one
 * method's frames at several depths), a generic interface's method implemented by an anonymous class and called
 * through javac's bridge, an interface's static method and its default method calling a private one, on an enum's constants
 * (their bodies implement it), a generic one and one with varargs, through JDK functional interfaces (method references
 * whose interface converts the result or the argument, lambdas), from JDK callbacks where a yield is refused (the twin's
 * yield throws {@link Twin.Refused} there, {@link Twin#foreign}), or run as coroutines of their own and delegated to with
 * {@code Coroutines.yieldFrom} (in the plain twin, a plain call through {@link Twin#delegate}), or run as coroutines
 * that the method makes and drives itself, stepping them between its own yields ({@link Twin.Inner}; in the plain twin
 * on a thread that takes turns with the program's). Where {@code ProgramBuilder} writes bytecode
 * itself, this gets javac's own shapes: its string concatenation, its switch on strings, its finally copies and
 * try-with-resources code, its switch expressions with values on the stack, its pattern bindings.
 *
 * <p>One seed gives one class in two copies of the same text: {@code gen.NAME}, whose methods are {@code @Coroutine}
 * and yield with {@code Coroutines.yield}, and {@code genplain.NAME}, whose methods are plain and call
 * {@link Twin#yield(Object)} instead. Every program is finite (loops count to at most 3, helpers only call helpers
 * declared before them) and throws only what it throws on purpose ({@code IllegalStateException}, and now and then
 * an {@code ArithmeticException} or an {@code ArrayIndexOutOfBoundsException} the JVM throws at a division or an index)
 * or what the driver throws in.
 */
public final class SourcePrograms {
    /** The two copies, and the entry methods' names ({@code static String pK(int, String)}). */
    public record Generated(String className, String coroutineSource, String plainSource, List<String> entries) {
        /** The source of entry {@code name} in the plain copy's words, for a failure's report. */
        public String methodSource(String name) {
            int start = coroutineSource.indexOf("String " + name + "(");
            int end = coroutineSource.indexOf("\n    }\n", start);
            return start < 0 ? "?" : coroutineSource.substring(coroutineSource.lastIndexOf('\n', start) + 1, end + 6);
        }
    }

    private enum T {
        INT("int"), LONG("long"), DOUBLE("double"), STR("String"), BOOL("boolean"),
        // the types the JVM computes as int or float and stores narrower: locals, array elements, returned values
        BYTE("byte"), SHORT("short"), CHAR("char"), FLOAT("float");

        final String java;

        T(String java) {
            this.java = java;
        }
    }

    private record Var(String name, T type, boolean assignable) {
    }

    /** A helper method; a private one ({@code priv}, static) is called only from the class and its nestmates. */
    private record Helper(String name, T ret, boolean instance, boolean priv) {
    }

    /** Where a statement is: what may jump out of it. */
    private record Where(List<String> loops, boolean inSwitch, T ret, boolean yields) {
        Where loop(String label) {
            List<String> l = new ArrayList<>(loops);
            l.add(label);
            return new Where(l, false, ret, yields);
        }

        /** A labelled block's body: a {@code break} may name the label ({@code lbN}), a {@code continue} may not. */
        Where block(String label) {
            List<String> l = new ArrayList<>(loops);
            l.add(label);
            return new Where(l, inSwitch, ret, yields);
        }

        Where switchBlock() {
            return new Where(loops, true, ret, yields);
        }

        /** A switch expression's block or (most) finally blocks: nothing jumps out of it. */
        Where closed() {
            return new Where(List.of(), false, null, yields);
        }
    }

    private final Random r;
    /**
     * For ECJ: no switch expression as an operand (ECJ 3.40 fails with an internal error on some), and a negation only
     * of a method call's value (it miscompiles {@code !(false && c())} in a loop).
     */
    private boolean noInlineSwitch;
    /**
     * Whether the programs use Java 21's patterns (the test runs on JDK 21 or later): a sealed interface {@code Fig} of two
     * records, one of whose accessors is a coroutine method that yields and may throw, matched by pattern switches
     * (statements and expressions, with guards that yield), record patterns (nested too) and type patterns.
     */
    private boolean modern;
    private final StringBuilder out = new StringBuilder();
    private final List<Helper> helpers = new ArrayList<>();
    /** How many of {@link #helpers} the method being written may call. */
    private int callable = Integer.MAX_VALUE;
    private final List<List<Var>> scopes = new ArrayList<>();
    private int names;
    private int budget;
    private int indent;
    /** The names {@link #leaf} uses for the method's own parameters (a local or anonymous class's method has its own). */
    private String paramA = "a";
    private String paramB = "b";
    /** What names the class's static members: empty in the class, the class's name and a dot in the interface. */
    private String qual = "";
    /** The interface's default methods (instance helpers written there), as text. */
    private final List<String> defaults = new ArrayList<>();
    private final java.util.Set<String> defaultNames = new java.util.HashSet<>();
    private String className;
    /**
     * Whether the class calls helpers from JDK callbacks ({@code List.forEach}, {@code Optional.map}), where a yield is
     * refused. Such a class delegates nowhere: a delegate's yield is refused in its delegator after the delegate ran on,
     * which a plain call cannot copy.
     */
    private boolean foreign;
    /** Whether {@code En} is written, so that calls of its method may be. */
    private boolean hasEnum;
    /** Writing a generator's body: no yield, and nothing read that the program changes (fields, arrays, objects made). */
    private boolean pure;
    /** How many {@code synchronized} blocks the statement being written is in: no suspension point there. */
    private int monitors;
    /** Inside a local or anonymous class's method: no class declared in it again. */
    private boolean inInner;
    /** The static helper being written when it may call itself ({@link #call}), else null. */
    private Helper self;

    private SourcePrograms(long seed) {
        this.r = new Random(seed);
    }

    /** The class of {@code seed}: {@code helperCount} helpers and {@code entryCount} entries. */
    public static Generated generate(String className, long seed, int helperCount, int entryCount) {
        return generate(className, seed, helperCount, entryCount, false);
    }

    /** As above; with {@code forEcj}, steering clear of ECJ 3.40's bugs ({@link #noInlineSwitch}). */
    public static Generated generate(String className, long seed, int helperCount, int entryCount, boolean forEcj) {
        return generate(className, seed, helperCount, entryCount, forEcj, false);
    }

    /**
     * As above; with {@code modern}, Java 21's pattern switches and record patterns too (the source needs
     * {@code --release 21} or later). The programs of a seed without them are those of the methods above.
     */
    public static Generated generate(String className, long seed, int helperCount, int entryCount, boolean forEcj, boolean modern) {
        SourcePrograms g = new SourcePrograms(seed);
        g.noInlineSwitch = forEcj;
        g.modern = modern;
        g.className = className;
        g.foreign = g.r.nextInt(3) == 0;
        List<String> entries = new ArrayList<>();
        g.line("public class " + className + " implements " + className + "Hs {");
        g.indent++;
        g.line("static final " + className + " INST = new " + className + "();");
        g.line("static final " + className + " INST2 = new Derived();");
        g.line("static final " + className + "Hs HS = INST2;");
        g.line("int field = 1;");
        // how many more times a recursive helper may call itself in this run
        g.line("static int REC = 6;");
        g.line("public static void reset() { INST.field = 1; INST2.field = 1; REC = 6; }");
        // a method, not --REC in place: a pattern's guard may assign nothing declared outside it
        g.line("static boolean deeper() { return --REC > 0; }");
        // a generic interface's coroutine method implemented by an anonymous class: a call through the interface goes
        // through the bridge javac writes (gf(Object, int) casting to gf(String, int))
        g.line("interface Gf<X> {");
        g.line("    $ANN$X gf(X x, int n);");
        g.line("}");
        g.line("static final Gf<String> GF = new Gf<>() {");
        g.line("    @Override");
        g.line("    $ANN$public String gf(String x, int n) {");
        g.line("        for (int i = 0; i < (n & 1) + 1; i++) {");
        g.line("            Twin.rec(x + i);");
        g.line("            $Y$.yield(x);");
        g.line("        }");
        g.line("        if ((n & 7) == 5) throw new IllegalStateException(\"gf \" + x);");
        g.line("        return x + n;");
        g.line("    }");
        g.line("};");
        if (modern) {
            g.records();
        }
        // a generic coroutine (its result cast by the caller after the call) and one with varargs (an array made of
        // values computed with yields), callable from every method
        g.line("$ANN$static <X> X gid(X x, int n) {");
        g.line("    for (int i = 0; i < (n & 1) + 1; i++) {");
        g.line("        Twin.rec(x);");
        g.line("        $Y$.yield(x);");
        g.line("    }");
        g.line("    return x;");
        g.line("}");
        g.line("$ANN$static int gsum(String tag, int... xs) {");
        g.line("    int s = 0;");
        g.line("    for (int x : xs) {");
        g.line("        s += x;");
        g.line("        if (x > 5) $Y$.yield(tag + x);");
        g.line("    }");
        g.line("    return s;");
        g.line("}");
        for (int k = 0; k < helperCount; k++) {
            g.helper(k);
        }
        // an enum whose constants' bodies implement a coroutine method, called through the enum's type
        g.line("enum En {");
        g.indent++;
        for (String constant : List.of("A", "B")) {
            g.line(constant + " {");
            g.indent++;
            g.line("@Override");
            g.method("public", T.INT, "f", 2 + g.r.nextInt(4));
            g.indent--;
            g.line(constant.equals("A") ? "}," : "};");
        }
        g.line("$ANN$public abstract int f(int a, String b);");
        g.indent--;
        g.line("}");
        // a subclass overriding the instance helpers, each override calling the method it overrides (a super call)
        g.line("static class Derived extends " + className + " {");
        g.indent++;
        List<Helper> all = List.copyOf(g.helpers);
        for (int k = 0; k < all.size(); k++) {
            Helper h = all.get(k);
            if (h.instance() && !h.priv()) {
                g.callable = k; // the override calls only helpers declared before it: no recursion
                g.line("@Override");
                g.method("public", h.ret(), h.name(), 2 + g.r.nextInt(4), "Twin.rec(super." + h.name() + "(a + 1, b));");
            }
        }
        g.callable = Integer.MAX_VALUE;
        g.indent--;
        g.line("}");
        // only the entries call the enum's method: its bodies call every helper, and an override in Derived that called it
        // would recurse without end
        g.hasEnum = true;
        for (int k = 0; k < entryCount; k++) {
            String name = "p" + k;
            entries.add(name);
            g.method("public static", T.STR, name, 5 + g.r.nextInt(8));
        }
        g.indent--;
        g.line("}");
        // the instance helpers as an interface's methods, called through it on a Derived (the subclass's name is none the
        // test gives a class, S and lower-case letters and digits)
        g.line("");
        g.line("interface " + className + "Hs {");
        g.indent++;
        for (Helper h : g.helpers) {
            if (h.instance() && !h.priv() && !g.defaultNames.contains(h.name())) {
                g.line("$ANN$" + h.ret().java + " " + h.name() + "(int a, String b);");
            }
        }
        for (String d : g.defaults) {
            g.out.append(d);
        }
        // an interface's static coroutine method (invokestatic of an interface's method), and a default one calling a
        // private one (javac's invokeinterface of a private method); neither calls a helper
        g.line("$ANN$static int ist(int n, String s) {");
        g.line("    int t = n;");
        g.line("    for (int i = 0; i < (n & 1) + 1; i++) {");
        g.line("        Twin.rec(s + i);");
        g.line("        t += (int) $Y$.yield(n + i);");
        g.line("    }");
        g.line("    return t;");
        g.line("}");
        g.line("$ANN$default int idf(int n, String s) {");
        g.line("    return ipv(n + 1, s) + ist(n, s);");
        g.line("}");
        g.line("$ANN$private int ipv(int n, String s) {");
        g.line("    Twin.rec(\"ipv \" + n + s);");
        g.line("    $Y$.yield(s);");
        g.line("    if ((n & 7) == 6) throw new IllegalStateException(\"ipv \" + n);");
        g.line("    return n * 2;");
        g.line("}");
        g.indent--;
        g.line("}");
        String body = g.out.toString();
        // a delegation (PEP 380) to a helper run as a coroutine of its own; in the plain twin, a plain call of the helper
        String coroutine = "package gen;\n\nimport dev.coflow.Coroutine;\nimport dev.coflow.Coroutines;\nimport dev.coflow.agent.properties.programs.Twin;\n\n"
                + body.replace("$ANN$", "@Coroutine ").replace("$Y$", "Coroutines")
                        .replace("$FROM(", "Coroutines.yieldFrom(Coroutines.create(() -> ").replace("$FROM)", "))")
                        .replace("$GEN$(", "Coroutines.<Object>generate(").replace("$GEN$)", ")").replace("$GY$(", "Coroutines.yield(")
                        .replace("$INNER$(", "Twin.inner(Coroutines.create(").replace("$INNER$)", "))")
                        .replace("$INNERH$(", "Twin.inner(Coroutines.create(").replace(")$INNERH$", "))")
                        .replace("$FOREIGN<", "").replace(">FOREIGN$", "").replace("$FOREIGNV<", "").replace(">FOREIGNV$", "");
        String plain = "package genplain;\n\nimport dev.coflow.agent.properties.programs.Twin;\n\n"
                + body.replace("$ANN$", "").replace("$Y$", "Twin").replace("$FROM(", "Twin.delegate(() -> ").replace("$FROM)", ")")
                .replace("$GEN$(", "Twin.generate(").replace("$GEN$)", ")").replace("$GY$(", "Twin.generated(")
                .replace("$INNER$(", "Twin.innerPlain(").replace("$INNER$)", ")")
                .replace("$INNERH$(", "Twin.innerPlain(Twin.foreignBody(").replace(")$INNERH$", "))")
                .replace("$FOREIGN<", "Twin.foreign(() -> ").replace(">FOREIGN$", ")")
                .replace("$FOREIGNV<", "Twin.foreignGet(() -> ").replace(">FOREIGNV$", ")");
        return new Generated(className, coroutine, plain, entries);
    }

    private void helper(int k) {
        T ret = r.nextInt(5) == 0 ? narrowType() : pick(T.INT, T.INT, T.LONG, T.STR, T.BOOL, T.DOUBLE);
        boolean instance = r.nextInt(3) == 0;
        String name = "h" + k;
        if (instance && r.nextInt(3) == 0) {
            // a default method of the interface, written there: the class's members named through the class
            int start = out.length();
            qual = className + ".";
            method("default", ret, name, 3 + r.nextInt(6));
            qual = "";
            defaults.add(out.substring(start));
            out.setLength(start);
            defaultNames.add(name);
        } else {
            // some helpers private: their callers in the class, its nested classes and lambdas call them as nestmates (a
            // private instance method with invokevirtual); the interface's default methods cannot, nor do the interface
            // and the subclass declare them
            boolean priv = r.nextInt(instance ? 4 : 3) == 0;
            Helper h = new Helper(name, ret, instance, priv);
            // some static helpers call themselves, as often as the class's REC allows in a run: one method's frames at
            // several depths of a chain, made, suspended and ended in any order
            self = !instance && r.nextInt(3) == 0 ? h : null;
            String first = self == null ? null : "if (deeper() && a % 3 != 1) Twin.rec(" + name + "(a + 1, b + \"r\"));";
            method(instance ? priv ? "private" : "public" : priv ? "private static" : "static", ret, name, 3 + r.nextInt(6), first);
            self = null;
            helpers.add(h);
            return;
        }
        helpers.add(new Helper(name, ret, instance, false));
    }

    private void method(String modifiers, T ret, String name, int statements) {
        method(modifiers, ret, name, statements, null);
    }

    /** A method of {@code statements} random statements, the first {@code first} when not null. */
    private void method(String modifiers, T ret, String name, int statements, String first) {
        names = 0;
        budget = statements * 2;
        line("$ANN$" + (modifiers.isEmpty() ? "" : modifiers + " ") + ret.java + " " + name + "(int a, String b) {");
        indent++;
        scopes.clear();
        push();
        declare(new Var("a", T.INT, true));
        declare(new Var("b", T.STR, true));
        line("int[] ar = {a, 2, 3, 4};");
        line("byte[] by = {1, (byte) a, -3, 4};");
        line("boolean[] fl = {true, false, a > 2, b.isEmpty()};");
        line("long[] lo = {a, -2L, 3000000000L, 4L};");
        line("double[] du = {0.5, a, -1.25, 1e3};");
        line("String[] st = {b, \"s\"};");
        line("char[] cs = {'a', (char) (a + 'b'), 'z', '0'};");
        line("StringBuilder sb = new StringBuilder(b);");
        if (first != null) {
            line(first);
        }
        Where where = new Where(List.of(), false, ret, true);
        for (int i = 0; i < statements && budget > 0; i++) {
            statement(where, 0);
        }
        line("return " + expr(ret, 0, true) + ";");
        pop();
        indent--;
        line("}");
    }

    // ---------------------------------------------------------------- statements

    private void statement(Where w, int depth) {
        budget--;
        int k = r.nextInt(depth >= 3 || budget <= 0 ? 7 : modern ? 29 : 27);
        switch (k) {
            case 0 -> {
                if (monitors == 0 && !usable().isEmpty() && r.nextInt(3) == 0) {
                    innerCoroutine(w);
                } else {
                    line("Twin.rec(" + expr(anyType(), 0, w.yields()) + ");");
                }
            }
            case 1 -> {
                if (!noInlineSwitch && r.nextInt(3) == 0) {
                    switchWithTry(w);
                } else {
                    line("Twin.rec(" + expr(anyType(), 0, w.yields()) + ");");
                }
            }
            case 2 -> declareStatement(w);
            case 3 -> assign(w);
            case 4 -> {
                if (w.yields()) {
                    line("$Y$.yield(" + expr(anyType(), 0, true) + ");");
                } else {
                    line("Twin.rec(" + expr(T.INT, 0, false) + ");");
                }
            }
            case 5 -> jump(w);
            case 6 -> {
                line("ar[(" + expr(T.INT, 1, w.yields()) + ") & 3] " + pick("=", "+=", "^=") + " " + expr(T.INT, 1, w.yields()) + ";");
            }
            case 7 -> {
                line("if (" + (r.nextInt(4) == 0 ? pattern(w.yields()) : expr(T.BOOL, 0, w.yields())) + ") {");
                blockIn(w, depth);
                if (r.nextBoolean()) {
                    line("} else {");
                    blockIn(w, depth);
                }
                line("}");
            }
            case 8 -> {
                String label = "l" + names++;
                String i = "i" + names++;
                line(label + ": for (int " + i + " = 0; " + i + " < " + (1 + r.nextInt(3)) + "; " + i + "++) {");
                push();
                declare(new Var(i, T.INT, false));
                blockIn(w.loop(label), depth);
                pop();
                line("}");
            }
            case 9 -> {
                String label = "l" + names++;
                String c = "w" + names++;
                line("int " + c + " = 0;");
                declare(new Var(c, T.INT, false));
                if (r.nextBoolean()) {
                    line(label + ": while (" + c + " < " + (1 + r.nextInt(3)) + ") {");
                    indent++;
                    line(c + "++;");
                    indent--;
                    blockIn(w.loop(label), depth);
                    line("}");
                } else {
                    // a continue goes to the condition, which may yield
                    line(label + ": do {");
                    indent++;
                    line(c + "++;");
                    indent--;
                    blockIn(w.loop(label), depth);
                    line("} while (" + c + " < " + (1 + r.nextInt(3)) + " && " + expr(T.BOOL, 1, w.yields()) + ");");
                }
            }
            case 10 -> {
                String label = "l" + names++;
                String e = "e" + names++;
                // over an array, or over a List (its Iterator in a local across the body's yields)
                boolean list = r.nextInt(3) == 0;
                if (list) {
                    line(label + ": for (String " + e + " : java.util.List.of(" + expr(T.STR, 1, w.yields()) + ", " + expr(T.STR, 1, w.yields()) + ")) {");
                } else {
                    line(label + ": for (int " + e + " : ar) {");
                }
                push();
                declare(new Var(e, list ? T.STR : T.INT, false));
                blockIn(w.loop(label), depth);
                pop();
                line("}");
            }
            case 11 -> switchStatement(w, depth);
            case 12 -> tryStatement(w, depth);
            case 13 -> {
                String res = "r" + names++;
                // now and then a second resource, made after the first or null (javac and ECJ skip a null's close())
                String res2 = "r" + names++;
                String second = r.nextInt(3) > 0 ? "" : "; Twin.Res " + res2 + " = " + expr(T.BOOL, 1, w.yields()) + " ? Twin.open(\"" + res2
                        + "\" + " + expr(T.STR, 1, w.yields()) + ") : null";
                line("try (Twin.Res " + res + " = Twin.open(\"" + res + "\" + " + expr(T.INT, 1, w.yields()) + ")" + second + ") {");
                push();
                declare(new Var(res + ".size()", T.INT, false));
                blockIn(w, depth);
                pop();
                if (r.nextBoolean()) {
                    String e = "x" + names++;
                    line("} catch (IllegalStateException " + e + ") {");
                    indent++;
                    line("Twin.caught(" + e + ");");
                    indent--;
                }
                line("}");
            }
            case 14 -> {
                if (monitors > 0) {
                    // a call through a functional interface is a suspension point, refused under a monitor
                    line("Twin.rec(" + expr(T.INT, 1, false) + ");");
                    break;
                }
                String f = "f" + names++;
                String q = "q" + names++;
                String fn = "fn" + names++;
                line("final int " + f + " = " + expr(T.INT, 1, w.yields()) + ";");
                line("java.util.function.IntUnaryOperator " + fn + " = " + q + " -> " + q + " * 3 + " + f + ";");
                line("Twin.rec(" + fn + ".applyAsInt(" + expr(T.INT, 1, w.yields()) + "));");
            }
            case 15 -> {
                line("sb.append(" + expr(anyType(), 1, w.yields()) + ").append(" + expr(anyType(), 1, w.yields()) + ");");
                line("Twin.cap(sb);");
            }
            case 16 -> {
                if (w.ret() != null) {
                    line("if (" + expr(T.BOOL, 1, w.yields()) + ") return " + expr(w.ret(), 1, w.yields()) + ";");
                } else {
                    line("Twin.rec(" + expr(T.STR, 1, w.yields()) + ");");
                }
            }
            case 17 -> {
                if (r.nextInt(3) == 0) {
                    // run with assertions on (surefire's -ea) in both copies
                    line("assert " + expr(T.BOOL, 1, w.yields()) + " : " + expr(T.STR, 1, w.yields()) + ";");
                } else {
                    line("if (" + expr(T.BOOL, 1, w.yields()) + ") throw new IllegalStateException(\"t\" + " + expr(T.INT, 1, w.yields()) + ");");
                }
            }
            case 18 -> {
                if (w.yields() && !usable().isEmpty() && !foreign && r.nextBoolean()) {
                    delegation(w);
                } else if (foreign && w.yields() && r.nextBoolean()) {
                    foreignCall(w);
                } else {
                    line(qual + "INST.field += " + expr(T.INT, 1, w.yields()) + ";");
                }
            }
            case 19 -> {
                // elements of byte and boolean arrays: baload and bastore on both, the byte narrowed again after a compound;
                // of long and double arrays: a compound assignment keeps the array, the index and the two-slot element on
                // the operand stack while its right side yields
                String i = "(" + expr(T.INT, 1, w.yields()) + ") & 3";
                switch (r.nextInt(9)) {
                    // a string element: the array and the index under a concatenation that yields (what is added is
                    // no string, so an element grows by a bounded piece at each pass)
                    case 7 -> line("st[(" + i + ") & 1] += " + expr(pick(T.INT, T.LONG, T.CHAR, T.BOOL, T.DOUBLE), 1, w.yields()) + ";");
                    case 8 -> line(r.nextBoolean() ? "cs[" + i + "]" + pick("++", "--") + ";"
                            : "cs[" + i + "] " + pick("+=", "-=", "^=") + " " + expr(T.INT, 1, w.yields()) + ";");
                    case 4 -> line("lo[" + i + "] " + pick("+=", "-=", "^=", "<<=") + " " + expr(T.LONG, 1, w.yields()) + ";");
                    case 5 -> line("du[" + i + "] " + pick("+=", "-=", "*=") + " " + expr(T.DOUBLE, 1, w.yields()) + ";");
                    case 6 -> line(pick("lo", "du") + "[" + i + "]" + pick("++", "--") + ";");
                    case 0 -> line("by[" + i + "] " + pick("+=", "-=", "^=", ">>=") + " " + expr(T.INT, 1, w.yields()) + ";");
                    case 1 -> line("by[" + i + "] = " + expr(T.BYTE, 1, w.yields()) + ";");
                    case 2 -> line("by[" + i + "]" + pick("++", "--") + ";");
                    default -> line("fl[" + i + "] " + pick("=", "|=", "^=", "&=") + " " + expr(T.BOOL, 1, w.yields()) + ";");
                }
            }
            case 20, 21 -> {
                if (inInner) {
                    line("Twin.rec(" + expr(T.STR, 1, w.yields()) + ");");
                } else if (k == 20) {
                    localClass(w);
                } else {
                    anonymousClass(w);
                }
            }
            case 22 -> generatorLoop(w, depth);
            case 24 -> {
                // a monitor held around code without a suspension point (javac's and ECJ's catch-all that exits it, and
                // its copies at every jump out); a yield or a call that may suspend under a monitor is refused when the
                // method is rewritten, so nothing in it yields
                line("synchronized (" + pick("sb", "ar", qual + "INST") + ") {");
                monitors++;
                blockIn(new Where(w.loops(), w.inSwitch(), w.ret(), false), depth);
                monitors--;
                line("}");
            }
            case 25 -> {
                String label = "lb" + names++;
                line(label + ": {");
                blockIn(w.block(label), depth);
                line("}");
            }
            case 26 -> merged(w);
            case 27, 28 -> patterns(w, depth);
            default -> {
                // a switch expression with a block arm, its value stored
                String v = "v" + names++;
                // over a string now and then: javac's two switches (the hash's, then the case's index in a temporary)
                boolean strings = r.nextInt(3) == 0;
                line("int " + v + " = switch (" + (strings ? "\"k\" + (" : "") + expr(T.INT, 1, w.yields()) + " % 3" + (strings ? ")" : "") + ") {");
                indent++;
                // now and then in the old form, with colons: a case may fall through into the next
                boolean colons = r.nextInt(4) == 0;
                String arrow = colons ? ":" : " ->";
                String first = strings ? "case \"k0\"" : "case 0";
                if (!colons) {
                    line(first + " -> " + expr(T.INT, 1, w.yields()) + ";");
                } else if (r.nextBoolean()) {
                    line(first + ": Twin.rec(" + expr(T.INT, 1, w.yields()) + ");"); // on into the next case
                } else {
                    String y0 = "y" + names++;
                    line(first + ": { int " + y0 + " = " + expr(T.INT, 1, w.yields()) + "; yield " + y0 + "; }");
                }
                line((strings ? "case \"k1\", \"k-1\"" : "case 1, -1") + arrow + " {");
                Where closed = w.closed();
                push();
                indent++;
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    statement(closed, depth + 1);
                }
                String yv = "y" + names++; // "yield (" would read as a call of a method named yield
                line("int " + yv + " = " + expr(T.INT, 1, w.yields()) + ";");
                line("yield " + yv + ";");
                indent--;
                pop();
                line("}");
                if (colons) {
                    String yd = "y" + names++;
                    line("default: { int " + yd + " = " + expr(T.INT, 1, w.yields()) + "; yield " + yd + "; }");
                } else {
                    line("default -> " + expr(T.INT, 1, w.yields()) + ";");
                }
                indent--;
                line("};");
                declare(new Var(v, T.INT, true));
            }
        }
    }

    /**
     * A local of a supertype given values of two classes on two paths, used after later yields: a {@code CharSequence}
     * (a {@code StringBuilder} or a {@code String}: the verifier's merge of the two is {@code Object}, the interface
     * call on it still verifies), a {@code Number} (an {@code Integer} or a {@code Long}: their common superclass) or an
     * {@code Object[]} (a {@code String[]} or an {@code Integer[]}). The rewriter saves and restores it as the type its
     * analysis computed at each suspension point.
     */
    private void merged(Where w) {
        String v = "m" + names++;
        String c = expr(T.BOOL, 1, w.yields());
        switch (r.nextInt(3)) {
            case 0 -> {
                line("CharSequence " + v + ";");
                line("if (" + c + ") " + v + " = " + pick("sb", "new StringBuilder(" + expr(T.STR, 1, w.yields()) + ")") + "; else " + v
                        + " = " + expr(T.STR, 1, w.yields()) + ";");
                declare(new Var(v + ".length()", T.INT, false));
                declare(new Var("Twin.cap(" + v + ".toString())", T.STR, false));
            }
            case 1 -> {
                line("Number " + v + " = " + c + " ? (Number) Integer.valueOf(" + expr(T.INT, 1, w.yields()) + ") : Long.valueOf("
                        + expr(T.LONG, 1, w.yields()) + ");");
                declare(new Var(v + ".intValue()", T.INT, false));
                declare(new Var(v + ".longValue()", T.LONG, false));
                declare(new Var(v + ".doubleValue()", T.DOUBLE, false));
            }
            default -> {
                line("Object[] " + v + ";");
                line("if (" + c + ") " + v + " = new String[] {" + expr(T.STR, 1, w.yields()) + ", \"z\"}; else " + v
                        + " = new Integer[] {(int) (" + expr(T.INT, 1, w.yields()) + ")};"); // (int): the expression may be a byte
                declare(new Var(v + ".length", T.INT, false));
                declare(new Var("String.valueOf(" + v + "[0])", T.STR, false));
                line("Twin.rec(java.util.Arrays.toString(" + v + "));"); // an array's own toString has its identity hash
                return;
            }
        }
        line("Twin.rec(" + v + ");");
    }

    /**
     * The types Java 21's patterns match (named so that no class name the test makes, {@code S} and lower-case letters and
     * digits, is one of them): a sealed interface {@code Fig} of {@code Rc}, whose accessor {@code k()} is a
     * coroutine method (it records, yields when {@code k > 4}, and throws at {@code k == 7}, which a record pattern wraps
     * in a {@code MatchException}), and {@code Rd}; {@code Pr}, a pair of them for nested record patterns; and
     * {@code shape}, which makes one of them from an int and a string.
     */
    private void records() {
        line("sealed interface Fig permits Rc, Rd {");
        line("}");
        line("record Rc(int k, String s) implements Fig {");
        indent++;
        line("$ANN$public int k() {");
        indent++;
        line("Twin.rec(\"k \" + k);");
        line("if (k > 4) {");
        indent++;
        line("int got = (int) $Y$.yield(\"acc \" + k + s);");
        line("if (k == 7) throw new IllegalStateException(\"acc \" + got);");
        line("return k + (got & 1);");
        indent--;
        line("}");
        line("return k;");
        indent--;
        line("}");
        indent--;
        line("}");
        line("record Rd(long v) implements Fig {");
        line("}");
        line("record Pr(Fig l, Fig r) {");
        line("}");
        line("static Fig shape(int n, String s) {");
        line("    return (n & 3) == 0 ? new Rd(n * 7L) : new Rc(n % 9, s);");
        line("}");
    }

    /**
     * One of Java 21's pattern shapes: a switch statement over a {@code Fig} with record and type patterns and a guard, a
     * switch statement over an {@code Object} with type patterns and guards, a record pattern (nested or not) in an
     * {@code if}'s condition, or a pattern switch expression whose value is stored. A record pattern of {@code Rc} calls
     * its accessor, which yields, so it is written only where the method may yield; elsewhere the patterns are of
     * {@code Rd} and of types. Guards are parenthesised: a lambda's arrow in a guard would end the case label.
     */
    private void patterns(Where w, int depth) {
        boolean y = w.yields();
        String rc = qual + "Rc";
        String rd = qual + "Rd";
        switch (r.nextInt(4)) {
            case 0 -> {
                line("switch (" + shape(y) + ") {");
                Where inside = w.switchBlock();
                if (y) {
                    push();
                    String[] ks = rcBindings();
                    String k = ks[0];
                    String s = ks[1];
                    arm("case " + rc + "(" + pick("int", "var") + " " + k + ", " + pick("String", "var") + " " + s + ") when "
                            + guard(k, s, true), inside, depth);
                }
                String c = "pc" + names++;
                push();
                declare(new Var(c + ".s()", T.STR, false));
                arm("case " + rc + " " + c, inside, depth);
                String v = "pv" + names++;
                push();
                declare(new Var(v, T.LONG, false));
                arm("case " + rd + "(long " + v + ")", inside, depth);
                line("}");
            }
            case 1 -> {
                line("switch ((Object) (" + expr(anyType(), 1, y) + ")) {");
                Where inside = w.switchBlock();
                String i = "pi" + names++;
                push();
                declare(new Var(i, T.INT, false));
                arm("case Integer " + i + " when " + guard(i, "String.valueOf(" + i + ")", y), inside, depth);
                String s = "ps" + names++;
                push();
                declare(new Var(s, T.STR, false));
                arm("case String " + s, inside, depth);
                String l = "pl" + names++;
                push();
                declare(new Var(l, T.LONG, false));
                arm("case Long " + l + " when " + guard("((int) (long) " + l + ")", "String.valueOf(" + l + ")", y), inside, depth);
                line("default -> {");
                blockIn(inside, depth);
                line("}");
                line("}");
            }
            case 2 -> {
                // the operands first: the bindings are not in scope there
                String one = shape(y);
                String two = shape(y);
                push();
                String cond;
                if (y && r.nextBoolean()) {
                    String[] ks = rcBindings();
                    String k = ks[0];
                    String s = ks[1];
                    String v = "pv" + names++;
                    if (r.nextBoolean()) {
                        cond = one + " instanceof " + rc + "(int " + k + ", var " + s + ")";
                    } else {
                        // nested: a Pr of an Rc and an Rd (each accessor called once, the inner ones inside the outer's)
                        declare(new Var(v, T.LONG, false));
                        cond = "new " + qual + "Pr(" + one + ", " + two + ") instanceof " + qual + "Pr(" + rc + "(var " + k
                                + ", String " + s + "), " + rd + "(var " + v + "))";
                    }
                } else {
                    String v = "pv" + names++;
                    declare(new Var(v, T.LONG, false));
                    cond = one + " instanceof " + rd + "(long " + v + ")";
                }
                line("if (" + cond + " && " + expr(T.BOOL, 1, y) + ") {");
                blockIn(w, depth);
                pop();
                line("} else {");
                blockIn(w, depth);
                line("}");
            }
            default -> {
                String v = "v" + names++;
                line("int " + v + " = " + patternSwitch(y, 1) + ";");
                declare(new Var(v, T.INT, true));
            }
        }
    }

    /** A case arm of a pattern switch statement, {@code label -> { ... }}; ends the scope the caller opened for its bindings. */
    private void arm(String label, Where inside, int depth) {
        line(label + " -> {");
        blockIn(inside, depth);
        pop();
        line("}");
    }

    /**
     * A case label's guard: it may read only effectively final locals, so it sees the pattern's bindings, {@code n} and
     * {@code s} (where the method's parameters would be), and the arrays and builder no method reassigns; never a
     * constant, which javac and ECJ refuse when it is false (ECJ 3.40 also takes {@code n > 1 && false} for one, so the
     * binding's test is joined by {@code ||} or {@code ^}).
     */
    private String guard(String n, String s, boolean yields) {
        Outer outer = enter(n, s, List.of(new Var(n, T.INT, false), new Var(s, T.STR, false)));
        String g = "(" + n + " " + pick("<", ">", "!=") + " " + r.nextInt(6) + " " + pick("||", "^") + " " + expr(T.BOOL, 2, yields) + ")";
        leave(outer);
        return g;
    }

    /** Names the two bindings of a record pattern of {@code Rc}, an int and a String, and declares them in the scope. */
    private String[] rcBindings() {
        String k = "pk" + names++;
        String s = "ps" + names++;
        declare(new Var(k, T.INT, false));
        declare(new Var(s, T.STR, false));
        return new String[] {k, s};
    }

    /** A {@code Fig} made of values computed (with yields when {@code yields}). */
    private String shape(boolean yields) {
        return qual + "shape(" + expr(T.INT, 2, yields) + ", " + expr(T.STR, 2, yields) + ")";
    }

    /** A pattern switch expression over a {@code Fig}, of type int: a guarded record pattern (where it may yield), a type pattern, a record pattern. */
    private String patternSwitch(boolean yields, int d) {
        StringBuilder e = new StringBuilder("switch (" + shape(yields) + ") { ");
        if (yields) {
            push();
            String[] ks = rcBindings();
            String k = ks[0];
            String s = ks[1];
            e.append("case ").append(qual).append("Rc(int ").append(k).append(", String ").append(s).append(") when ")
                    .append(guard(k, s, true)).append(" -> ").append(expr(T.INT, d + 1, true)).append("; ");
            pop();
        }
        String c = "pc" + names++;
        push();
        declare(new Var(c + ".s()", T.STR, false));
        e.append("case ").append(qual).append("Rc ").append(c).append(" -> ").append(expr(T.INT, d + 1, yields)).append("; ");
        pop();
        String v = "pv" + names++;
        push();
        declare(new Var(v, T.LONG, false));
        e.append("case ").append(qual).append("Rd(long ").append(v).append(") -> (int) ").append(v).append(" + ")
                .append(expr(T.INT, d + 1, yields)).append("; }");
        pop();
        return e.toString();
    }

    /**
     * A local class capturing a local computed with yields, made with arguments computed with yields (the new object
     * uninitialised on the operand stack meanwhile), and its method called: a coroutine method of its own (yielding,
     * calling the helpers) or a plain one.
     */
    private void localClass(Where w) {
        String f = "fc" + names++;
        String c = "Lc" + names++;
        line("final int " + f + " = " + expr(T.INT, 1, w.yields()) + ";");
        declare(new Var(f, T.INT, false));
        line("class " + c + " {");
        indent++;
        line("final int k;");
        line("final String s;");
        line("");
        line(c + "(int k, String s) {");
        indent++;
        line("this.k = k;");
        line("this.s = s;");
        line("Twin.rec(\"new " + c + " \" + k + s + " + f + ");");
        indent--;
        line("}");
        line("");
        innerMethod("", f, null, w.yields() && r.nextInt(3) > 0, "m");
        line("");
        line("@Override");
        line("public String toString() {");
        indent++;
        line("return \"" + c + "\" + k + s + " + f + ";");
        indent--;
        line("}");
        indent--;
        line("}");
        String made = "new " + c + "(" + expr(T.INT, 1, w.yields()) + ", " + expr(T.STR, 1, w.yields()) + ")";
        if (r.nextBoolean()) {
            line("Twin.rec(" + made + ".m(" + expr(T.INT, 1, w.yields()) + ", " + expr(T.STR, 1, w.yields()) + "));");
        } else {
            String o = "o" + names++;
            line(c + " " + o + " = " + made + ";");
            line("Twin.rec(" + o + ");");
            line("Twin.rec(" + o + ".m(" + expr(T.INT, 1, w.yields()) + ", " + o + ".s));");
        }
    }

    /** An anonymous subclass of {@link Twin.Op}, made with an argument computed with yields, its method called at once. */
    private void anonymousClass(Where w) {
        String f = "fa" + names++;
        line("final int " + f + " = " + expr(T.INT, 1, w.yields()) + ";");
        declare(new Var(f, T.INT, false));
        line("Twin.rec(new Twin.Op(" + expr(T.INT, 1, w.yields()) + ") {");
        indent++;
        line("@Override");
        innerMethod("public", f, "base", w.yields() && r.nextInt(3) > 0, "apply");
        indent--;
        line("}.apply(" + expr(T.INT, 1, w.yields()) + ", " + expr(T.STR, 1, w.yields()) + "));");
    }

    /**
     * A local or anonymous class's {@code int NAME(int q, String t)}: a coroutine method when {@code coroutine}, else a
     * plain one that does not yield. It sees its parameters, the captured {@code captured} and the int field {@code field}
     * when not null; the enclosing method's arrays and builder, never reassigned, are captured too.
     */
    private void innerMethod(String modifiers, String captured, String field, boolean coroutine, String name) {
        int outerBudget = budget;
        String q = "q" + names++;
        String t = "t" + names++;
        List<Var> seen = new ArrayList<>(List.of(new Var(q, T.INT, true), new Var(t, T.STR, true), new Var(captured, T.INT, false)));
        if (field != null) {
            seen.add(new Var(field, T.INT, false));
        }
        Outer outer = enter(q, t, seen);
        inInner = true;
        budget = 4;
        line((coroutine ? "$ANN$" : "") + (modifiers.isEmpty() ? "" : modifiers + " ") + "int " + name + "(int " + q + ", String " + t + ") {");
        indent++;
        Where where = new Where(List.of(), false, T.INT, coroutine);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            statement(where, 1);
        }
        line("return " + expr(T.INT, 0, coroutine) + ";");
        indent--;
        line("}");
        inInner = false;
        leave(outer);
        budget = outerBudget - 2;
    }

    /** What {@link #enter} saved of the enclosing method's scope. */
    private record Outer(List<List<Var>> scopes, String paramA, String paramB) {
    }

    /**
     * Starts a body that sees only {@code vars} (a lambda's that must capture nothing that changes, an inner class's
     * method), whose leaves name {@code a} and {@code b} where the method's parameters would be; {@link #leave} ends it.
     */
    private Outer enter(String a, String b, List<Var> vars) {
        Outer outer = new Outer(new ArrayList<>(scopes), paramA, paramB);
        scopes.clear();
        push();
        vars.forEach(this::declare);
        paramA = a;
        paramB = b;
        return outer;
    }

    private void leave(Outer outer) {
        paramA = outer.paramA();
        paramB = outer.paramB();
        scopes.clear();
        scopes.addAll(outer.scopes());
    }

    /**
     * A generator ({@code Coroutines.generate}) pulled by a for-each loop whose body yields and jumps: the generator is
     * suspended in a local while the method suspends. Its body reads only values that do not change (captured finals and
     * its own counters), so the plain twin, {@link Twin#generate}, may compute its values at once.
     */
    private void generatorLoop(Where w, int depth) {
        String f = "gf" + names++;
        String s = "gs" + names++;
        String gi = "gi" + names++;
        String gv = "gv" + names++;
        String label = "l" + names++;
        line("final int " + f + " = " + expr(T.INT, 1, w.yields()) + ";");
        line("final String " + s + " = " + expr(T.STR, 1, w.yields()) + ";");
        declare(new Var(f, T.INT, false));
        declare(new Var(s, T.STR, false));
        Outer outer = enter(f, s, List.of(new Var(f, T.INT, false), new Var(s, T.STR, false)));
        pure = true;
        line(label + ": for (Object " + gv + " : $GEN$(() -> {");
        indent++;
        line("for (int " + gi + " = 0; " + gi + " < " + (1 + r.nextInt(3)) + "; " + gi + "++) {");
        push();
        declare(new Var(gi, T.INT, false));
        indent++;
        if (r.nextBoolean()) {
            line("if (" + expr(T.BOOL, 1, false) + ") $GY$(" + expr(anyType(), 1, false) + ");");
        }
        line("$GY$(" + expr(anyType(), 1, false) + ");");
        indent--;
        pop();
        line("}");
        line("$GY$(" + expr(anyType(), 1, false) + ");");
        indent--;
        line("}$GEN$)) {");
        pure = false;
        leave(outer);
        push();
        indent++;
        line("Twin.rec(" + gv + ");");
        declare(new Var("String.valueOf(" + gv + ")", T.STR, false));
        indent--;
        blockIn(w.loop(label), depth);
        pop();
        line("}");
    }

    /**
     * A helper called, or a yield made, in a lambda a JDK method calls ({@code List.forEach}, {@code Optional.map}), or
     * a static helper called through reflection or from a hidden class ({@link Twin#hidden}): a
     * frame the agent did not rewrite stands between it and the coroutine, so a yield there is refused (a
     * {@code NotRewrittenException} at the yield). The plain twin runs the statement in {@link Twin#foreign}, where
     * every yield throws {@link Twin.Refused}; the test reads the two as the same.
     */
    private void foreignCall(Where w) {
        String f = "fe" + names++;
        String x = "lx" + names++;
        line("final int " + f + " = " + expr(T.INT, 1, w.yields()) + ";");
        declare(new Var(f, T.INT, false));
        String body;
        List<Helper> usable = usable();
        if (usable.isEmpty() || r.nextInt(4) == 0) {
            body = "$Y$.yield(" + x + ")";
        } else {
            Helper h = usable.get(r.nextInt(usable.size()));
            body = qual + receiver(h) + h.name() + "(" + x + ", \"" + pick("", "f", "gh") + "\")";
        }
        List<Helper> statics = usable.stream().filter(h -> !h.instance()).toList();
        int kind = r.nextInt(6);
        if (kind == 0 && !statics.isEmpty()) {
            // through reflection (Twin.reflect calls Method.invoke and throws the target's exception as it is)
            Helper h = statics.get(r.nextInt(statics.size()));
            line("Twin.rec($FOREIGNV<Twin.reflect(" + className + ".class, \"" + h.name() + "\", " + f + ", \"r\")>FOREIGNV$);");
        } else if (kind == 5 && !statics.isEmpty()) {
            // from a hidden class made for the call, as frameworks make them: the JVM shows it to no agent
            Helper h = statics.get(r.nextInt(statics.size()));
            line("Twin.rec($FOREIGNV<Twin.hidden(java.lang.invoke.MethodHandles.lookup(), " + className + ".class, \"" + h.name()
                    + "\", " + f + ", \"h\")>FOREIGNV$);");
        } else if (kind < 3) {
            line("$FOREIGN<java.util.List.of(" + f + ", " + f + " + 1).forEach(" + x + " -> Twin.rec(" + body + "))>FOREIGN$;");
        } else {
            line("Twin.rec($FOREIGNV<java.util.Optional.of(" + f + ").map(" + x + " -> (Object) " + body + ").orElse(\"none\")>FOREIGNV$);");
        }
    }

    /**
     * A coroutine of a helper's call that the method makes and drives itself ({@link Twin.Inner}; now and then its body a
     * hidden class that calls a static helper, {@link Twin#hiddenBody}, or a method handle with a filter after it,
     * {@link Twin#handleBody}, whose yields are refused), stepped once here and
     * then wherever a later expression in scope names {@code hN.step()} or {@code hN.finish()}: between the method's own
     * yields, inside their operands, in loops, after the helper it runs was called directly and suspended in the method's
     * own chain; left suspended when the method ends. Not under a monitor: the plain twin's inner coroutine runs on a
     * thread of its own, which would wait for the monitor the program's thread holds.
     */
    private void innerCoroutine(Where w) {
        List<Helper> usable = usable();
        Helper h = usable.get(r.nextInt(usable.size()));
        String x = "ia" + names++;
        String y = "ib" + names++;
        String handle = "hi" + names++;
        line("final int " + x + " = " + expr(T.INT, 1, w.yields()) + ";");
        line("final String " + y + " = " + expr(T.STR, 1, w.yields()) + ";");
        if (!h.instance() && r.nextInt(4) == 0) {
            // the coroutine's body is a hidden class that calls the helper (Twin.hiddenBody), or a method handle whose filter
            // runs after it (Twin.handleBody): its yields are refused
            line("final Twin.Inner " + handle + " = $INNERH$(Twin." + pick("hiddenBody", "handleBody") + "(java.lang.invoke.MethodHandles"
                    + ".lookup(), " + className + ".class, \"" + h.name() + "\", " + x + ", " + y + "))$INNERH$;");
        } else {
            line("final Twin.Inner " + handle + " = $INNER$(() -> (Object) " + qual + receiver(h) + h.name() + "(" + x + ", " + y
                    + ")$INNER$);");
        }
        line("Twin.rec(" + handle + ".step());");
        declare(new Var(handle + ".step()", T.STR, false));
        declare(new Var(handle + ".finish()", T.STR, false));
    }

    /** {@code Coroutines.yieldFrom} a helper's coroutine, its arguments computed first (a lambda captures them). */
    private void delegation(Where w) {
        List<Helper> usable = usable();
        Helper h = usable.get(r.nextInt(usable.size()));
        String x = "da" + names++;
        String y = "db" + names++;
        line("final int " + x + " = " + expr(T.INT, 1, true) + ";");
        line("final String " + y + " = " + expr(T.STR, 1, true) + ";");
        String call = qual + receiver(h) + h.name() + "(" + x + ", " + y + ")";
        String cast = switch (h.ret()) {
            case INT -> "(int) ";
            case LONG -> "(long) ";
            case DOUBLE -> "(double) ";
            case STR -> "(String) ";
            case BOOL -> "(boolean) ";
            case BYTE -> "(byte) ";
            case SHORT -> "(short) ";
            case CHAR -> "(char) ";
            case FLOAT -> "(float) ";
        };
        line("Twin.rec(" + cast + "$FROM(" + call + "$FROM));");
    }

    private void declareStatement(Where w) {
        T t = anyType();
        String v = "v" + names++;
        String e = expr(t, 0, w.yields());
        // an int, long or double local is sometimes boxed: its compound assignments unbox, compute and box again
        String type = t == T.INT || t == T.LONG || t == T.DOUBLE ? (r.nextInt(4) == 0 ? boxed(t) : t.java) : t.java;
        if (!type.equals(t.java)) {
            e = "(" + t.java + ") (" + e + ")"; // no boxing conversion from an int expression to Long, or a byte to Integer
        }
        line(type + " " + v + " = " + (t == T.STR ? "Twin.cap(" + e + ")" : e) + ";");
        declare(new Var(v, t, true));
    }

    private static String boxed(T t) {
        return t == T.INT ? "Integer" : t == T.LONG ? "Long" : "Double";
    }

    private void assign(Where w) {
        List<Var> vars = visible(null, true);
        if (vars.isEmpty()) {
            declareStatement(w);
            return;
        }
        Var v = vars.get(r.nextInt(vars.size()));
        switch (v.type()) {
            case INT, LONG -> {
                String op = pick("=", "+=", "-=", "*=", "|=");
                String e = expr(v.type() == T.LONG && r.nextBoolean() ? T.LONG : T.INT, 0, w.yields());
                // a Long local takes no int by plain assignment, an Integer no char
                line(v.name() + " " + op + " " + (op.equals("=") ? "(" + v.type().java + ") (" + e + ")" : e) + ";");
            }
            case DOUBLE -> line(v.name() + " " + pick("=", "+=", "*=") + " " + expr(T.DOUBLE, 0, w.yields()) + ";");
            // capped, so that a string doubled in nested loops stays small
            case STR -> line(v.name() + " = Twin.cap(" + (r.nextBoolean() ? expr(T.STR, 0, w.yields()) : v.name() + " + " + expr(anyType(), 0, w.yields())) + ");");
            case BOOL -> line(v.name() + " " + pick("=", "&=", "|=") + " " + expr(T.BOOL, 0, w.yields()) + ";");
            // a compound assignment narrows its int result back implicitly; a plain one needs the cast
            case BYTE, SHORT, CHAR -> {
                switch (r.nextInt(4)) {
                    case 0 -> line(v.name() + " = (" + v.type().java + ") (int) (" + expr(T.INT, 0, w.yields()) + ");");
                    case 1 -> line(v.name() + " = " + expr(v.type(), 0, w.yields()) + ";");
                    case 2 -> line(v.name() + pick("++", "--") + ";");
                    default -> line(v.name() + " " + pick("+=", "-=", "*=", "^=", ">>=") + " " + expr(T.INT, 0, w.yields()) + ";");
                }
            }
            case FLOAT -> line(v.name() + " " + pick("=", "+=", "*=") + " " + expr(r.nextBoolean() ? T.FLOAT : T.INT, 0, w.yields()) + ";");
        }
    }

    private void jump(Where w) {
        if (w.loops().isEmpty() && !w.inSwitch()) {
            line("Twin.rec(" + expr(T.LONG, 0, w.yields()) + ");");
            return;
        }
        String cond = expr(T.BOOL, 1, w.yields());
        if (w.loops().isEmpty() || w.inSwitch() && r.nextBoolean()) {
            line("if (" + cond + ") break;");
            return;
        }
        String label = w.loops().get(r.nextInt(w.loops().size()));
        boolean block = label.startsWith("lb"); // a labelled block's: only a break, and only by its label
        String kind = block || r.nextBoolean() ? "break" : "continue";
        boolean innermost = label.equals(w.loops().get(w.loops().size() - 1));
        line("if (" + cond + ") " + kind + (innermost && !block && !w.inSwitch() && r.nextBoolean() ? "" : " " + label) + ";");
    }

    /**
     * A switch expression with an arm that holds a {@code try} (and maybe a {@code finally}), as an operand with values
     * below it: javac parks the operand stack in locals before it, since an exception empties the stack; here an object
     * under construction and its copy, an array and an index, a receiver, a string. Only as a statement's outermost
     * operand: with a {@code long} or {@code double} below it javac (17 and 25) crashes ({@code Code.newLocal}).
     */
    private void switchWithTry(Where w) {
        String x = "x" + names++;
        String sw = "((int) (switch (" + expr(T.INT, 1, w.yields()) + " & 3) { case 0 -> " + expr(T.INT, 1, w.yields())
                + "; case 1, 2 -> { try { yield " + expr(T.INT, 1, w.yields()) + "; } catch ("
                + pick("IllegalStateException", "RuntimeException") + " " + x + ") { Twin.caught(" + x + "); yield "
                + expr(T.INT, 1, w.yields()) + "; }" + (r.nextBoolean() ? " finally { Twin.rec(" + expr(anyType(), 1, w.yields()) + "); }" : "")
                + " } default -> " + expr(T.INT, 1, w.yields()) + "; }))";
        switch (r.nextInt(4)) {
            case 0 -> line("Twin.rec(new Twin.Pair(" + expr(T.INT, 1, w.yields()) + ", String.valueOf(" + sw + ")));");
            case 1 -> line("ar[(" + expr(T.INT, 1, w.yields()) + ") & 3] " + pick("=", "+=", "^=") + " " + sw + ";");
            case 2 -> line(qual + "INST.field += " + sw + ";");
            // String.valueOf keeps a concatenation on the left whole: javac would flatten it, maybe a long among its operands
            default -> line("Twin.rec(String.valueOf(" + expr(T.STR, 1, w.yields()) + ") + " + sw + ");");
        }
    }

    private void switchStatement(Where w, int depth) {
        int kind = r.nextInt(6);
        boolean strings = kind < 2;
        boolean chars = kind == 2;
        // over the enum's constants (javac reads a synthetic class's $SwitchMap$ array, ECJ a synthetic $SWITCH_TABLE$ method)
        boolean enums = kind == 5 && hasEnum && r.nextBoolean();
        int cases = enums ? 2 + r.nextInt(2) : 2 + r.nextInt(3);
        if (enums) {
            line("switch (En.values()[(" + expr(T.INT, 1, w.yields()) + ") & 1]) {");
        } else if (strings) {
            line("switch (\"k\" + ((" + expr(T.INT, 1, w.yields()) + ") & 3)) {");
        } else if (chars) {
            line("switch (" + expr(T.CHAR, 1, w.yields()) + ") {");
        } else {
            line("switch (" + expr(T.INT, 1, w.yields()) + " % 4) {");
        }
        Where inside = w.switchBlock();
        for (int c = 0; c < cases; c++) {
            boolean last = c == cases - 1;
            String label = last ? "default" : enums ? "case " + (c == 0 ? "A" : "B") : strings ? "case \"k" + c + "\""
                    : chars ? "case '" + (char) ('a' + c) + "'" : "case " + (c == 1 ? -1 : c);
            line(label + ": {");
            blockIn(inside, depth);
            line("}");
            if (!last && r.nextInt(3) > 0) {
                indent++;
                line("break;");
                indent--;
            }
        }
        line("}");
    }

    private void tryStatement(Where w, int depth) {
        line("try {");
        blockIn(w, depth);
        boolean caught = r.nextInt(4) > 0;
        if (caught) {
            String e = "x" + names++;
            line("} catch (" + pick("IllegalStateException", "RuntimeException", "IllegalArgumentException", "Exception",
                    "IllegalStateException | ArithmeticException", "ArrayIndexOutOfBoundsException | IllegalStateException") + " " + e + ") {");
            push();
            indent++;
            line("Twin.caught(" + e + ");");
            indent--;
            blockIn(w, depth);
            pop();
        }
        if (!caught || r.nextBoolean()) {
            line("} finally {");
            // now and then a finally that may jump out (break, continue, return): the jump drops what the try threw, a
            // GeneratorExit, an exception thrown in or a refusal among them, and the method runs on
            blockIn(r.nextInt(3) == 0 ? w : w.closed(), depth);
        }
        line("}");
    }

    private void blockIn(Where w, int depth) {
        push();
        indent++;
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            statement(w, depth + 1);
        }
        indent--;
        pop();
    }

    // ---------------------------------------------------------------- expressions

    private String expr(T t, int depth, boolean yields) {
        if (depth > 3) {
            return leaf(t);
        }
        int d = depth + 1;
        if (yields && r.nextInt(7) == 0) {
            return yieldAs(t, d);
        }
        switch (t) {
            case INT:
                switch (r.nextInt(13)) {
                    case 0, 1: return leaf(t);
                    case 2: return "(" + expr(T.INT, d, yields) + " " + pick("+", "-", "*", "^", "&", "|", "<<", ">>", ">>>") + " " + expr(T.INT, d, yields) + ")";
                    case 3:
                        if (r.nextInt(10) == 0 && !pure) {
                            // an exception the JVM throws (ArithmeticException: / by zero, one time in eight), maybe right
                            // where a yield's value arrives after a resume; not in a generator's body, whose twin computes
                            // every value before the loop takes the first
                            return "(" + expr(T.INT, d, yields) + " / ((" + expr(T.INT, d, yields) + ") & 7))";
                        }
                        return r.nextBoolean() ? "(" + expr(T.INT, d, yields) + " % " + (2 + r.nextInt(6)) + ")"
                            : "(" + expr(T.INT, d, yields) + " / (((" + expr(T.INT, d, yields) + ") & 3) + 1))";
                    case 4: return "(" + expr(T.BOOL, d, yields) + " ? " + expr(T.INT, d, yields) + " : " + expr(T.INT, d, yields) + ")";
                    case 5: if (pure) return leaf(t);
                        // one time in ten an index that may be out of bounds (4, one time in eight): the JVM's exception
                        return r.nextInt(10) == 0 ? "ar[((" + expr(T.INT, d, yields) + ") & 7) % 5]" : "ar[(" + expr(T.INT, d, yields) + ") & 3]";
                    case 6: return "(int) (long) " + expr(T.LONG, d, yields); // (long) first: the value may be a boxed Long
                    case 7: return expr(T.STR, d, yields) + ".length()";
                    case 8: return "Math.max(" + expr(T.INT, d, yields) + ", " + expr(T.INT, d, yields) + ")";
                    // cast, so that it is a standalone expression: as an argument of an overloaded method (append,
                    // valueOf, max) a poly switch whose arms mix int and Integer is ambiguous
                    case 9: if (noInlineSwitch) return leaf(t);
                        if (modern && yields && !pure && r.nextBoolean()) return "((int) (" + patternSwitch(true, d) + "))";
                        return "((int) (switch (" + expr(T.INT, d, yields) + " & 3) { case 0 -> " + expr(T.INT, d, yields)
                            + "; case 1, 2 -> " + expr(T.INT, d, yields) + "; default -> " + expr(T.INT, d, yields) + "; }))";
                    case 10: return pure ? leaf(t) : qual + "INST.field";
                    case 11: {
                        T n = narrowType(); // a byte, short or char widened to int, a float cast
                        return (n == T.FLOAT ? "(int) " : "") + "(" + expr(n, d, yields) + ")";
                    }
                    default: return call(t, d, yields);
                }
            case LONG:
                switch (r.nextInt(7)) {
                    case 0: return leaf(t);
                    case 5: if (pure) return leaf(t); return "lo[(" + expr(T.INT, d, yields) + ") & 3]";
                    case 1: return "((long) " + expr(T.INT, d, yields) + " * " + pick("1000003L", "7L", "-2L") + ")";
                    case 2: return "(" + expr(T.LONG, d, yields) + " " + pick("+", "-", "^", "<<", ">>>") + " " + expr(T.LONG, d, yields) + ")";
                    case 3: return "(" + expr(T.BOOL, d, yields) + " ? " + expr(T.LONG, d, yields) + " : " + expr(T.INT, d, yields) + ")";
                    case 4: return "Long.rotateLeft(" + expr(T.LONG, d, yields) + ", " + expr(T.INT, d, yields) + ")";
                    default: return call(t, d, yields);
                }
            case DOUBLE:
                switch (r.nextInt(7)) {
                    case 0: return leaf(t);
                    case 5: if (pure) return leaf(t); return "du[(" + expr(T.INT, d, yields) + ") & 3]";
                    case 1: return "(" + expr(T.INT, d, yields) + " / 4.0)";
                    case 2: return "(" + expr(T.DOUBLE, d, yields) + " " + pick("+", "-", "*") + " " + expr(T.DOUBLE, d, yields) + ")";
                    case 3: return "Math.sqrt(Math.abs(" + expr(T.DOUBLE, d, yields) + "))";
                    case 4: return "(double) " + expr(T.FLOAT, d, yields);
                    default: return call(t, d, yields);
                }
            case STR:
                switch (r.nextInt(9)) {
                    case 0: return leaf(t);
                    case 1, 2: return "(\"" + pick("s", "t", "") + "\" + " + expr(anyType(), d, yields) + " + " + expr(anyType(), d, yields) + ")";
                    case 3: return "String.valueOf(" + expr(anyType(), d, yields) + ")";
                    case 4: return "(" + expr(T.BOOL, d, yields) + " ? " + expr(T.STR, d, yields) + " : " + expr(T.STR, d, yields) + ")";
                    case 5: return pure ? leaf(t) : r.nextBoolean() ? "sb.toString()" : "st[(" + expr(T.INT, d, yields) + ") & 1]";
                    case 6: return r.nextBoolean() ? expr(T.STR, d, yields) + ".toUpperCase()"
                            : expr(T.STR, d, yields) + ".concat(" + expr(T.STR, d, yields) + ")";
                    // arguments computed with the new object uninitialised on the operand stack
                    case 7: return r.nextBoolean() && !pure ? "new Twin.Pair(" + expr(T.INT, d, yields) + ", " + expr(T.STR, d, yields) + ").toString()"
                            : "new StringBuilder(" + expr(T.STR, d, yields) + ").reverse().toString()";
                    default: return call(t, d, yields);
                }
            case BOOL:
                switch (r.nextInt(11)) {
                    case 0: return leaf(t);
                    case 1, 2: return "(" + expr(T.INT, d, yields) + " " + pick("<", "==", ">=", "!=") + " " + expr(T.INT, d, yields) + ")";
                    // ECJ 3.40 miscompiles the value of !(false && c()) in a loop (a branch to itself: VerifyError)
                    case 3: return noInlineSwitch ? "!Boolean.valueOf(" + expr(T.BOOL, d, yields) + ")" : "!" + expr(T.BOOL, d, yields);
                    case 4: return "(" + expr(T.BOOL, d, yields) + " " + pick("&&", "||") + " " + expr(T.BOOL, d, yields) + ")";
                    case 5: return expr(T.STR, d, yields) + ".isEmpty()";
                    case 6: return "(" + expr(T.DOUBLE, d, yields) + " " + pick("<", ">=") + " " + expr(T.DOUBLE, d, yields) + ")";
                    case 7: return "(" + expr(T.LONG, d, yields) + " < " + expr(T.LONG, d, yields) + ")";
                    case 8: if (pure) return leaf(t); return "fl[(" + expr(T.INT, d, yields) + ") & 3]";
                    case 9: return "(" + expr(T.CHAR, d, yields) + " " + pick("<", "==", ">=") + " '" + pick("a", "m", "z") + "')";
                    default: return call(t, d, yields);
                }
            case BYTE:
                switch (r.nextInt(5)) {
                    case 0: return leaf(t);
                    case 1: return "(byte) (int) (" + expr(T.INT, d, yields) + ")"; // (int) first: it may be an Integer
                    case 2: if (pure) return leaf(t); return "by[(" + expr(T.INT, d, yields) + ") & 3]";
                    case 3: return "(byte) (" + expr(T.BYTE, d, yields) + " + " + expr(T.BYTE, d, yields) + ")";
                    default: return call(t, d, yields);
                }
            case SHORT:
                switch (r.nextInt(4)) {
                    case 0: return leaf(t);
                    case 1: return "(short) (int) (" + expr(T.INT, d, yields) + ")";
                    case 2: return "(short) (" + expr(T.SHORT, d, yields) + " * 3 - " + expr(T.BYTE, d, yields) + ")";
                    default: return call(t, d, yields);
                }
            case CHAR:
                switch (r.nextInt(5)) {
                    case 0: return leaf(t);
                    case 1: return "(char) ('a' + ((" + expr(T.INT, d, yields) + ") & 15))";
                    case 2: return "(" + expr(T.STR, d, yields) + " + \"?\").charAt(0)";
                    case 3: return r.nextBoolean() || pure ? "Character.toUpperCase(" + expr(T.CHAR, d, yields) + ")"
                            : "cs[(" + expr(T.INT, d, yields) + ") & 3]";
                    default: return call(t, d, yields);
                }
            case FLOAT:
                switch (r.nextInt(5)) {
                    case 0: return leaf(t);
                    case 1: return "(float) (double) " + expr(T.DOUBLE, d, yields);
                    case 2: return "(" + expr(T.FLOAT, d, yields) + " " + pick("+", "-", "*") + " " + expr(T.FLOAT, d, yields) + ")";
                    case 3: return "(" + expr(T.INT, d, yields) + " * 0.5f)";
                    default: return call(t, d, yields);
                }
            default:
                throw new AssertionError(t);
        }
    }

    /**
     * A type pattern, {@code (o instanceof Integer p && p > k)}, of a yield's value or another: only as an {@code if}'s
     * whole condition, since javac 17.0.15 crashes (an assertion in {@code Flow.AssignAnalyzer}) on some bindings
     * nested in other expressions, and on a switch expression in the operand.
     */
    private String pattern(boolean yields) {
        String p = "pb" + names++;
        // the operand a leaf: javac 17.0.15 also crashes on a switch expression there
        String o = yields && r.nextBoolean() ? "$Y$.yield(" + leaf(T.INT) + ")" : "(Object) (" + leaf(anyType()) + ")";
        return o + " instanceof Integer " + p + " && " + p + " > " + r.nextInt(5);
    }

    /** A yield whose sent value (an {@code Integer}) is used as a {@code t}. */
    private String yieldAs(T t, int d) {
        String y = r.nextInt(6) == 0 ? "$Y$.yield()" : "$Y$.yield(" + expr(anyType(), d, r.nextInt(3) == 0) + ")";
        switch (t) {
            case INT: return "(int) " + y;
            case LONG: return "(long) (int) " + y;
            case DOUBLE: return "(double) (int) " + y;
            case STR: return "String.valueOf((Object) " + y + ")";
            case BYTE: return "(byte) (int) " + y;
            case SHORT: return "(short) (int) " + y;
            case CHAR: return "(char) (int) " + y;
            case FLOAT: return "(float) (int) " + y;
            default: return "((int) " + y + " > 0)";
        }
    }

    private String call(T t, int d, boolean yields) {
        if (self != null && self.ret() == t && yields && d <= 3 && r.nextBoolean()) {
            return "(deeper() ? " + self.name() + "(" + expr(T.INT, d + 1, yields) + ", " + expr(T.STR, d + 1, yields) + ") : " + leaf(t) + ")";
        }
        if (yields && d <= 3 && r.nextInt(5) == 0) {
            switch (t) {
                case STR: return r.nextBoolean() ? qual + "gid(" + expr(T.STR, d + 1, yields) + ", " + expr(T.INT, d + 1, yields) + ")"
                        : qual + "GF.gf(" + expr(T.STR, d + 1, yields) + ", " + expr(T.INT, d + 1, yields) + ")";
                case INT:
                    switch (r.nextInt(4)) {
                        case 3: return r.nextBoolean() ? className + "Hs.ist(" + expr(T.INT, d + 1, yields) + ", " + expr(T.STR, d + 1, yields) + ")"
                                : qual + "HS.idf(" + expr(T.INT, d + 1, yields) + ", " + expr(T.STR, d + 1, yields) + ")";
                        // cast, so that it is a standalone int: a generic call makes a conditional a poly expression
                        case 0: return "((int) " + qual + "gid((Integer) (int) (" + expr(T.INT, d + 1, yields) + "), " + expr(T.INT, d + 1, yields) + "))";
                        case 1: return qual + "gsum(" + expr(T.STR, d + 1, yields) + ", " + expr(T.INT, d + 1, yields) + ", "
                                + expr(T.INT, d + 1, yields) + ", " + expr(T.INT, d + 1, yields) + ")";
                        default:
                            if (hasEnum) {
                                return qual + "En." + pick("A.", "B.", "values()[(" + expr(T.INT, d + 1, yields) + ") & 1].")
                                        + "f(" + expr(T.INT, d + 1, yields) + ", " + expr(T.STR, d + 1, yields) + ")";
                            }
                            break;
                    }
                    break;
                default:
                    break;
            }
        }
        if (yields && d <= 3 && r.nextInt(4) == 0) {
            String viaInterface = functional(t, d);
            if (viaInterface != null) {
                return viaInterface;
            }
        }
        List<Helper> fit = new ArrayList<>();
        for (Helper h : usable()) {
            if (h.ret() == t) {
                fit.add(h);
            }
        }
        if (fit.isEmpty() || !yields || d > 3 || r.nextInt(3) > 0) {
            return leaf(t);
        }
        Helper h = fit.get(r.nextInt(fit.size()));
        return qual + receiver(h) + h.name() + "(" + expr(T.INT, d + 1, yields) + ", " + expr(T.STR, d + 1, yields) + ")";
    }

    /**
     * A helper called through a JDK functional interface, which is a suspension point: a method reference whose
     * interface's return type differs from the method's (the adapter widens or boxes the result, unboxes the argument),
     * bound to a receiver for an instance helper, or a lambda calling the helper. Null when no helper fits {@code t}.
     */
    private String functional(T t, int d) {
        List<Helper> usable = usable();
        if (usable.isEmpty()) {
            return null;
        }
        Helper h = usable.get(r.nextInt(usable.size()));
        String ref = h.instance() ? qual + receiver(h).replace(".", "") + "::" + h.name() : className + "::" + h.name();
        // (int): an int expression may be a widened byte or char, which boxes to no Integer
        String args = "((int) (" + expr(T.INT, d + 1, true) + "), " + expr(T.STR, d + 1, true) + ")";
        String bi = "java.util.function.";
        if (t == T.LONG && (h.ret() == T.INT || h.ret() == T.SHORT || h.ret() == T.CHAR || h.ret() == T.BYTE)) {
            return "((" + bi + "ToLongBiFunction<Integer, String>) " + ref + ").applyAsLong" + args;
        }
        if (t == T.DOUBLE && (h.ret() == T.INT || h.ret() == T.LONG || h.ret() == T.FLOAT)) {
            return "((" + bi + "ToDoubleBiFunction<Integer, String>) " + ref + ").applyAsDouble" + args;
        }
        if (t == T.STR) {
            return "String.valueOf(((" + bi + "BiFunction<Integer, String, Object>) " + ref + ").apply" + args + ")";
        }
        if (t == T.INT && h.ret() == T.INT) {
            String x = "lx" + names++;
            String y = "ly" + names++;
            String call = qual + receiver(h) + h.name() + "(" + x + ", \"k\" + " + y + ")";
            return "((" + bi + "IntBinaryOperator) (" + x + ", " + y + ") -> " + call + ").applyAsInt(" + expr(T.INT, d + 1, true) + ", "
                    + expr(T.INT, d + 1, true) + ")";
        }
        if (t == T.BOOL && h.ret() == T.BOOL) {
            return "((" + bi + "BiPredicate<Integer, String>) " + ref + ").test" + args;
        }
        return null;
    }

    /** What a call of {@code h} is made on: nothing for a static helper, the class's objects or the interface (not for a private one). */
    private String receiver(Helper h) {
        return !h.instance() ? "" : h.priv() ? pick("INST.", "INST2.") : pick("INST.", "INST2.", "HS.");
    }

    private String leaf(T t) {
        List<Var> vars = visible(t, false);
        if (monitors > 0) {
            // an inner coroutine is not stepped under a monitor (innerCoroutine)
            vars.removeIf(v -> v.name().endsWith(".step()") || v.name().endsWith(".finish()"));
        }
        if (!vars.isEmpty() && r.nextInt(3) > 0) {
            return vars.get(r.nextInt(vars.size())).name();
        }
        switch (t) {
            case INT: return String.valueOf(r.nextInt(23) - 3);
            case LONG: return (r.nextInt(2000) - 1000) + "L";
            case DOUBLE: return pick("0.5", "-1.25", "3.0", "1e3");
            case STR: return "\"" + pick("", "a", "bc", "xyz") + "\"";
            case BYTE: return pick("(byte) -7", "(byte) 100", "(byte) 0");
            case SHORT: return pick("(short) 300", "(short) -2");
            case CHAR: return pick("'q'", "'\\u00e9'", "'0'");
            case FLOAT: return pick("2.5f", "-0.75f", "1e-3f");
            default: return r.nextBoolean() ? "(" + paramA + " > 1)" : paramB + ".isEmpty()";
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The helpers the method being written may call: those declared before it, not the private ones from the interface. */
    private List<Helper> usable() {
        List<Helper> u = helpers.subList(0, Math.min(callable, helpers.size()));
        return qual.isEmpty() ? u : u.stream().filter(h -> !h.priv()).toList();
    }

    private T anyType() {
        return r.nextInt(8) == 0 ? narrowType() : pick(T.INT, T.INT, T.LONG, T.DOUBLE, T.STR, T.STR, T.BOOL);
    }

    private T narrowType() {
        return pick(T.BYTE, T.SHORT, T.CHAR, T.FLOAT);
    }

    @SafeVarargs
    private <X> X pick(X... options) {
        return options[r.nextInt(options.length)];
    }

    private void push() {
        scopes.add(new ArrayList<>());
    }

    private void pop() {
        scopes.remove(scopes.size() - 1);
    }

    private void declare(Var v) {
        scopes.get(scopes.size() - 1).add(v);
    }

    /** The variables in scope, of type {@code t} (any when null), only the assignable ones when asked. */
    private List<Var> visible(T t, boolean assignable) {
        List<Var> all = new ArrayList<>();
        for (List<Var> s : scopes) {
            for (Var v : s) {
                if ((t == null || v.type() == t) && (!assignable || v.assignable())) {
                    all.add(v);
                }
            }
        }
        return all;
    }

    private void line(String s) {
        out.append("    ".repeat(indent)).append(s).append('\n');
    }
}
