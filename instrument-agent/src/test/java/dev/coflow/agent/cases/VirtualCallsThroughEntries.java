package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Virtual calls at suspension points go through the virtual entry of the receiver's class (design.md, "Virtual
 * entries"): on an object of the declaring class, of a subclass that inherits the method (the entry asks which method
 * the call selects), of one that overrides it without suspending, of one whose override suspends and calls
 * {@code super}; through an abstract coroutine method, to implementations that suspend and that do not. Each suspends
 * and resumes with plain Java's values, on receivers that change from one call to the next.
 */
public final class VirtualCallsThroughEntries {
    public static final List<Object> EXPECTED = List.of("base k", "B(k,a)", "base k", "B(k,b)", "P(k)", "base k!", "over k",
            "R(B(k!,c),d)", "base k", "B(k,e)", "plain7", 7, "yieldingf", "plain7");
    public static final List<Object> SENDS = List.of("a", "-", "b", "-", "-", "c", "d", "-", "e", "-", "-", "f", "-");

    static class Base {
        @Coroutine
        String m(String s) {
            String got = Coroutines.yield("base " + s);
            return "B(" + s + "," + got + ")";
        }
    }

    static class Inherits extends Base {
    }

    static class PlainOverride extends Base {
        @Override
        String m(String s) {
            return "P(" + s + ")";
        }
    }

    static class RewrittenOverride extends Base {
        @Override
        @Coroutine
        String m(String s) {
            String first = super.m(s + "!");
            return "R(" + first + "," + Coroutines.yield("over " + s) + ")";
        }
    }

    abstract static class Named {
        @Coroutine
        abstract String name(int i);
    }

    static class PlainNamed extends Named {
        @Override
        String name(int i) {
            return "plain" + i;
        }
    }

    static class YieldingNamed extends Named {
        @Override
        @Coroutine
        String name(int i) {
            return "yielding" + Coroutines.yield(i);
        }
    }

    @Coroutine
    public static void body() {
        for (Base b : List.of(new Base(), new Inherits(), new PlainOverride(), new RewrittenOverride(), new Inherits())) {
            Coroutines.yield(b.m("k"));
        }
        for (Named n : List.of(new PlainNamed(), new YieldingNamed(), new PlainNamed())) {
            Coroutines.yield(n.name(7));
        }
    }
}
