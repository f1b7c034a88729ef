package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.List;

/**
 * Catalogue 50: a dense {@code tableswitch} and a sparse {@code lookupswitch} whose selector is the
 * value sent into a yield, with yields in case bodies and fall-through between cases; a
 * {@code String} switch (hash {@code lookupswitch}, {@code equals}, second switch on a temporary local
 * that lives across the yields in the cases); and a switch expression with a yield in an arm.
 */
public final class SwitchShapesAroundYield {
    public static final List<Object> EXPECTED = List.of(
            "table?", "one", "two", "table?", "many",
            "lookup?", "thousand", "lookup?", "other",
            "string beta", "beta fell", "string gamma", "string other", "expression?", "arm 42");
    /** The value sent in answer to each yield above, in order ("-" where the yield's value is not used). */
    public static final List<Object> SENDS = List.of(
            1, "-", "-", 7, "-", 1000, "-", -5, "-", "-", "-", "-", "-", 40);

    @Coroutine
    static void dense() {
        switch (Coroutines.<Integer>yield("table?")) {
            case 1:
                Coroutines.yield("one");
                // fall through
            case 2:
                Coroutines.yield("two");
                break;
            case 3:
                Coroutines.yield("three");
                break;
            default:
                Coroutines.yield("many");
        }
    }

    @Coroutine
    static void sparse() {
        switch (Coroutines.<Integer>yield("lookup?")) {
            case -1_000_000:
                Coroutines.yield("minus million");
                break;
            case 1000:
                Coroutines.yield("thousand");
                break;
            case 77_777:
                Coroutines.yield("many sevens");
                break;
            default:
                Coroutines.yield("other");
        }
    }

    @Coroutine
    static void strings(String s) {
        switch (s) {
            case "alpha":
                Coroutines.yield("string alpha");
                break;
            case "beta":
                Coroutines.yield("string beta");
                Coroutines.yield("beta fell");
                // fall through
            case "gamma":
                if (s.equals("gamma")) {
                    Coroutines.yield("string gamma");
                }
                break;
            default:
                Coroutines.yield("string other");
        }
    }

    @Coroutine
    static String expression(int k) {
        return switch (k) {
            case 0 -> "zero";
            case 1 -> {
                int sent = Coroutines.<Integer>yield("expression?");
                yield "arm " + (sent + 2);
            }
            default -> "many";
        };
    }

    @Coroutine
    public static void body() {
        dense();
        dense();
        sparse();
        sparse();
        strings("beta");
        strings("gamma");
        strings("delta");
        Coroutines.yield(expression(1));
    }
}
