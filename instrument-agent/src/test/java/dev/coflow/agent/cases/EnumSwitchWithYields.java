package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 50: a switch on an enum, which javac compiles through the {@code $SwitchMap$} array of a
 * synthetic nested class ({@code EnumSwitchWithYields$1}, loaded and rewritten-or-not by the same
 * loader) and an {@code ordinal()} lookup; the selector comes from a yield and the cases yield.
 */
public final class EnumSwitchWithYields {
    public static final List<Object> EXPECTED = List.of("colour?", "red", "colour?", "green", "then blue", "colour?", "blue");
    /** The value sent in answer to each yield above, in order ("-" where the yield's value is not used). */
    public static final List<Object> SENDS = List.of("RED", "-", "GREEN", "-", "-", "BLUE");

    /** Three colours. */
    enum Colour { RED, GREEN, BLUE }

    @Coroutine
    static void describe() {
        Colour colour = Colour.valueOf(Coroutines.yield("colour?"));
        switch (colour) {
            case RED:
                Coroutines.yield("red");
                break;
            case GREEN:
                Coroutines.yield("green");
                Coroutines.yield("then " + Colour.values()[colour.ordinal() + 1].name().toLowerCase());
                break;
            default:
                Coroutines.yield(colour.name().toLowerCase());
        }
    }

    @Coroutine
    public static void body() {
        for (int i = 0; i < 3; i++) {
            describe();
        }
    }
}
