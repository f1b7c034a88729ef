package dev.coflow.shapefixture;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/**
 * Shape fixture: a loop around a yield (a standing frame switches at the same point every time) whose
 * own code allocates nothing; a reference, an int and a double are live across the yield.
 */
public class Standing {
    @Coroutine
    static double loop(String tag) {
        double acc = 0;
        for (int i = 0; i < 10; i++) {
            String got = (String) Coroutines.yield(tag);
            acc += got.length() * 0.5;
        }
        return acc;
    }
}
