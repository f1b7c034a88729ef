package dev.coflow.it.programs.plugin;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import dev.coflow.Generator;

/** A plug-in that {@code TwoLoaders} defines twice, in two class loaders that do not see each other's copy. */
public final class Plugin {
    /** Per copy of the class: how many generators this copy made. */
    private static int made;

    private Plugin() {
    }

    public static Generator<String> values(String tag) {
        int number = ++made;
        return Coroutines.generate(() -> count(tag, number));
    }

    @Coroutine
    static void count(String tag, int number) {
        for (int i = 1; i <= 3; i++) {
            Coroutines.yield(tag + " " + i + " of generator " + number + " in " + Plugin.class.getClassLoader().getName());
        }
    }
}
