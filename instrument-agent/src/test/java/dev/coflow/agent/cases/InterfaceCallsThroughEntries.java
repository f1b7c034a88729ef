package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Interface calls at suspension points go through the virtual entry of the class whose method the call selects, learnt
 * per receiver's class at the call site (design.md, "Virtual entries"): one site meets seven classes, twice each, more
 * than it learns (four), so the later ones are armed calls as before: the declaring class, a subclass that inherits the
 * method, one that overrides it without suspending, one whose override suspends and calls {@code super}, a class that
 * inherits a default method that suspends, a plain implementation, and a lambda that suspends. Each gives plain
 * Java's values.
 */
public final class InterfaceCallsThroughEntries {
    public static final List<Object> EXPECTED = List.of(
            "base k0", "B(k0,a)", "base k0", "B(k0,b)", "P(k0)", "base k0!", "over k0", "R(B(k0!,c),d)",
            "default k0", "D(k0,e)", "plain k0", "lambda k0", "L(k0,f)",
            "base k1", "B(k1,g)", "base k1", "B(k1,h)", "P(k1)", "base k1!", "over k1", "R(B(k1!,i),j)",
            "default k1", "D(k1,l)", "plain k1", "lambda k1", "L(k1,m)");
    public static final List<Object> SENDS = List.of("a", "-", "b", "-", "-", "c", "d", "-", "e", "-", "-", "f", "-",
            "g", "-", "h", "-", "-", "i", "j", "-", "l", "-", "-", "m");

    @FunctionalInterface
    interface Face {
        @Coroutine
        String m(String s);
    }

    static class Base implements Face {
        @Override
        @Coroutine
        public String m(String s) {
            String got = Coroutines.yield("base " + s);
            return "B(" + s + "," + got + ")";
        }
    }

    static class Inherits extends Base {
    }

    static class PlainOverride extends Base {
        @Override
        public String m(String s) {
            return "P(" + s + ")";
        }
    }

    static class RewrittenOverride extends Base {
        @Override
        @Coroutine
        public String m(String s) {
            String first = super.m(s + "!");
            return "R(" + first + "," + Coroutines.yield("over " + s) + ")";
        }
    }

    interface Defaulted extends Face {
        @Override
        @Coroutine
        default String m(String s) {
            return "D(" + s + "," + Coroutines.yield("default " + s) + ")";
        }
    }

    static class UsesDefault implements Defaulted {
    }

    static class PlainImplementation implements Face {
        @Override
        public String m(String s) {
            return "plain " + s;
        }
    }

    @Coroutine
    public static void body() {
        Face lambda = s -> "L(" + s + "," + Coroutines.yield("lambda " + s) + ")";
        List<Face> all = List.of(new Base(), new Inherits(), new PlainOverride(), new RewrittenOverride(), new UsesDefault(),
                new PlainImplementation(), lambda);
        for (int round = 0; round < 2; round++) {
            for (Face f : all) {
                Coroutines.yield(f.m("k" + round));
            }
        }
    }
}
