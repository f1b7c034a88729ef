package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 39 (related): a static {@code @Coroutine} method declared in a superclass and called as
 * {@code Child.tick(..)}, so the instruction names the subclass as owner; and an inherited instance
 * method called on a subclass reference. Whether the call may suspend is resolved by walking the
 * hierarchy from the named owner.
 */
public final class InheritedStaticCalledThroughSubclass {
    public static final List<Object> EXPECTED = List.of("tick 1", "tick 2", "tock 3", "sum 6");

    /** Declares the coroutine methods. */
    static class Parent {
        @Coroutine
        static int tick(int n) {
            Coroutines.yield("tick " + n);
            return n;
        }

        @Coroutine
        int tock(int n) {
            Coroutines.yield("tock " + n);
            return n;
        }
    }

    /** Declares nothing of its own. */
    static final class Child extends Parent {
    }

    @Coroutine
    public static void body() {
        int sum = Child.tick(1) + Child.tick(2);
        Child child = new Child();
        sum += child.tock(3);
        Coroutines.yield("sum " + sum);
    }
}
