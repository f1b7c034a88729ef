package dev.coflow.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The classes named by the agent's {@code suspendable=} option: every method of them is treated as
 * a coroutine method, so a suspension can pass through code that cannot be annotated (a library
 * visitor calling back into a coroutine). Patterns, separated by {@code ;}:
 * <ul>
 *   <li>{@code com.acme.*}: the classes directly in package {@code com.acme} (their nested classes too, which live in the same package);</li>
 *   <li>{@code com.acme.**}: the classes of {@code com.acme} and of all its subpackages;</li>
 *   <li>{@code com.acme.Foo}: the class {@code com.acme.Foo} and its nested classes ({@code com.acme.Foo$*}: inner, anonymous and local classes);</li>
 *   <li>{@code **}: every class the agent may rewrite (never the JDK's, coflow's own, or an {@code exclude}d one).</li>
 * </ul>
 * A wildcard stands only as the last segment. Matching is on internal names ({@code com/acme/Foo$1}).
 */
public final class SuspendableClasses implements Predicate<String> {
    /** No class is suspendable: the agent's default. */
    public static final SuspendableClasses NONE = new SuspendableClasses(List.of(), List.of());

    private enum Kind { ALL, PACKAGE, TREE, CLASS }

    private record Pattern(Kind kind, String stem, ByteSearch search) {
        Pattern(Kind kind, String stem) {
            this(kind, stem, ByteSearch.of(stem));
        }
    }

    private final List<Pattern> patterns;
    private final List<String> texts;

    private SuspendableClasses(List<Pattern> patterns, List<String> texts) {
        this.patterns = patterns;
        this.texts = texts;
    }

    /**
     * Parses {@code a.b.*;a.c.**;a.d.Foo}; blank entries are ignored.
     *
     * @throws IllegalArgumentException naming the bad pattern and why
     */
    public static SuspendableClasses parse(String value) {
        List<Pattern> patterns = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String raw : value.split(";")) {
            String text = raw.trim();
            if (text.isEmpty()) {
                continue;
            }
            patterns.add(pattern(text));
            texts.add(text);
        }
        return patterns.isEmpty() ? NONE : new SuspendableClasses(List.copyOf(patterns), List.copyOf(texts));
    }

    private static Pattern pattern(String text) {
        if (text.equals("**")) {
            return new Pattern(Kind.ALL, "");
        }
        Kind kind;
        String name;
        if (text.endsWith(".**")) {
            kind = Kind.TREE;
            name = text.substring(0, text.length() - 3);
        } else if (text.endsWith(".*")) {
            kind = Kind.PACKAGE;
            name = text.substring(0, text.length() - 2);
        } else {
            kind = Kind.CLASS;
            name = text;
        }
        for (String segment : name.split("\\.", -1)) {
            if (!isIdentifier(segment)) {
                throw new IllegalArgumentException("suspendable pattern '" + text + "' is not a package followed by .* or .**,"
                        + " a class name, or ** (a wildcard may only be the last segment)");
            }
        }
        String internal = name.replace('.', '/');
        return new Pattern(kind, kind == Kind.CLASS ? internal : internal + "/");
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether no pattern was given. */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether the class with this internal name is suspendable (the agent's other filters still apply). */
    @Override
    public boolean test(String internalName) {
        for (Pattern p : patterns) {
            switch (p.kind()) {
                case ALL -> {
                    return true;
                }
                case TREE -> {
                    if (internalName.startsWith(p.stem())) {
                        return true;
                    }
                }
                case PACKAGE -> {
                    if (internalName.startsWith(p.stem()) && internalName.indexOf('/', p.stem().length()) < 0) {
                        return true;
                    }
                }
                case CLASS -> {
                    if (internalName.equals(p.stem())
                            || internalName.startsWith(p.stem()) && internalName.charAt(p.stem().length()) == '$') {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether a class file may refer to a suspendable class: its bytes contain the internal-name stem of
     * some pattern. A cheap filter, true for every class that calls, extends or implements one.
     */
    public boolean mentionedIn(byte[] bytes) {
        for (Pattern p : patterns) {
            if (p.kind() == Kind.ALL || p.search().in(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(";", texts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuspendableClasses other && other.texts.equals(texts);
    }

    @Override
    public int hashCode() {
        return texts.hashCode();
    }
}
