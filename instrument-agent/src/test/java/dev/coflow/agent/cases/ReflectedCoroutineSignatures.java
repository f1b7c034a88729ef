package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalogue 49 and 66: what reflection sees of a coroutine method is what javac wrote. Its parameters' names
 * ({@code MethodParameters}, the test classes are compiled with {@code -parameters}) and annotations, its generic
 * signature, type parameters, type annotations and {@code throws} clause stay on the method of its name and
 * descriptor (the bridge), and the methods the rewriter adds are synthetic. {@code DebugInfoTest} reads them; run as a
 * case, the methods suspend and resume as any other.
 */
public final class ReflectedCoroutineSignatures {
    public static final List<Object> EXPECTED = List.of("took b", "took c", "items [a, b, c] over 1");
    public static final Object RESULT = "[b, c]";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Tag {
        String value();
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE_USE)
    public @interface Checked {
    }

    /** A generic, annotated, throwing coroutine method: every part of its declaration is read back by reflection. */
    @Coroutine
    static <T extends Comparable<T>> List<@Checked T> above(@Tag("items") List<T> items, @Tag("floor") T floor)
            throws IOException {
        List<T> kept = new ArrayList<>();
        for (T item : items) {
            if (item.compareTo(floor) > 0) {
                Coroutines.yield("took " + item);
                kept.add(item);
            }
        }
        if (kept.isEmpty()) {
            throw new IOException("nothing above " + floor);
        }
        return kept;
    }

    /** An instance method of a generic class, so that its signature names the class's type variable. */
    static final class Holder<E> {
        private final List<E> items;

        Holder(List<E> items) {
            this.items = items;
        }

        @Coroutine
        <R> R describe(@Tag("prefix") String prefix, java.util.function.Function<? super List<E>, R> how) {
            Coroutines.yield(prefix + " " + items + " over 1");
            return how.apply(items);
        }
    }

    @Coroutine
    public static Object body() throws IOException {
        List<String> kept = above(List.of("a", "b", "c"), "a");
        Holder<String> holder = new Holder<>(List.of("a", "b", "c"));
        int size = holder.describe("items", List::size);
        return size == 3 ? kept.toString() : "wrong size " + size;
    }
}
