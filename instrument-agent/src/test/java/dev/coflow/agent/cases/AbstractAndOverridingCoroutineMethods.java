package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 39: an abstract {@code @Coroutine} method with an annotated implementation, an interface
 * {@code @Coroutine} method with an annotated implementation, and an override that carries no
 * annotation. Suspendability belongs to the method family: an override of a {@code @Coroutine}
 * method in a class that mentions coflow is treated as {@code @Coroutine}, so {@code Unannotated.next}
 * is rewritten too. Calls go through the abstract type and through the concrete subclass.
 */
public final class AbstractAndOverridingCoroutineMethods {
    public static final List<Object> EXPECTED = List.of(
            "annotated 1", "interface 2", "unannotated 3", "unannotated 4", "via subclass 5", "sum 15");

    /** An abstract class that declares the suspending method. */
    abstract static class Source {
        @Coroutine
        abstract int next(int n);
    }

    /** The implementation repeats the annotation. */
    static final class Annotated extends Source {
        @Override
        @Coroutine
        int next(int n) {
            Coroutines.yield("annotated " + n);
            return n;
        }
    }

    /** An interface that declares the suspending method. */
    interface Sink {
        @Coroutine
        int accept(int n);
    }

    /** The interface implementation repeats the annotation. */
    static final class AnnotatedSink implements Sink {
        @Override
        @Coroutine
        public int accept(int n) {
            Coroutines.yield("interface " + n);
            return n;
        }
    }

    /** Overrides without the annotation: still a coroutine method. */
    static class Unannotated extends Source {
        @Override
        int next(int n) {
            Coroutines.yield("unannotated " + n);
            return n;
        }
    }

    /** A subclass of the unannotated override that adds nothing: the call names it as owner. */
    static final class UnannotatedChild extends Unannotated {
        int viaSubclass(int n) {
            return n;
        }
    }

    @Coroutine
    public static void body() {
        Source annotated = new Annotated();
        Sink sink = new AnnotatedSink();
        Source unannotated = new Unannotated();
        UnannotatedChild child = new UnannotatedChild();
        int sum = annotated.next(1);
        sum += sink.accept(2);
        sum += unannotated.next(3);
        sum += child.next(4);
        Coroutines.yield("via subclass " + child.viaSubclass(5));
        sum += 5;
        Coroutines.yield("sum " + sum);
    }
}
