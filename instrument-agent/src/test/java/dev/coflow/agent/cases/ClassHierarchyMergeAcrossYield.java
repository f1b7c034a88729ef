package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 9: a merge of two classes of this package whose nearest common superclass is an abstract
 * class of this package (not {@code Object}), used after the yield through {@code invokevirtual} on
 * that class, both as a local and as a value on the stack; the classes are known to the rewriter
 * only from their class files.
 */
public final class ClassHierarchyMergeAcrossYield {
    public static final List<Object> EXPECTED = List.of("pick", "dog:woof", "pick", "cat:meow", "stack", "cat:meow|sent");
    public static final List<Object> SENDS = List.of(true, "-", false, "-", "sent");

    abstract static class Animal {
        abstract String sound();

        final String describe() {
            return getClass().getSimpleName().toLowerCase() + ":" + sound();
        }
    }

    static final class Dog extends Animal {
        @Override
        String sound() {
            return "woof";
        }
    }

    static final class Cat extends Animal {
        @Override
        String sound() {
            return "meow";
        }
    }

    @Coroutine
    public static void body() {
        Animal last = null;
        for (int i = 0; i < 2; i++) {
            Animal animal = Coroutines.<Boolean>yield("pick") ? new Dog() : new Cat();
            Coroutines.yield(animal.describe());
            last = animal;
        }
        Coroutines.yield(both(last, Coroutines.yield("stack")));
    }

    static String both(Animal animal, Object sent) {
        return animal.describe() + "|" + sent;
    }
}
