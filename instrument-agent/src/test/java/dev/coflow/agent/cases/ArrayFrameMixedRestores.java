package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A method saving more values than the fixed frame shapes hold (more than six references, more than four
 * primitives), so its frame is {@code Frames$Arrays} and each resume block reads the frame's arrays once into a
 * scratch slot (ResumeEmitter) before restoring: references, a known {@code null}, every primitive type, a
 * {@code long}, a {@code double} and a receiver on the operand stack across the call, at points whose live sets
 * differ, in a loop and under a handler that catches an exception raised after a resume. {@link #plain} is the same
 * code with the yield as a function, and gives EXPECTED.
 */
public final class ArrayFrameMixedRestores {
    public static final List<Object> SENDS = List.of("one", "two", "three", "four", "boom", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "13", "14", "boom", "16"); // "boom" answers the yield under the handler

    public static final List<Object> EXPECTED = expected();

    @Coroutine
    public static void body() {
        String a = "a";
        Object[] arr = {"x"};
        StringBuilder sb = new StringBuilder("sb");
        List<String> list = new ArrayList<>();
        String none = null;
        String r1 = "r1";
        String r2 = "r2";
        int i = 3;
        long l = 1L << 40;
        double d = 2.5;
        float f = 1.25f;
        boolean z = true;
        char c = 'q';
        byte b = -7;
        short s = 300;
        for (int k = 0; k < 3; k++) {
            String got = Coroutines.yield(a + k + i + l);
            a = a + got.charAt(0);
            i ^= k + got.length();
            long t = l + Coroutines.<String>yield("t" + k).length(); // l on the stack across the call
            l = t * 3;
            double e = d * Coroutines.<String>yield(r1 + d).length(); // d on the stack
            d = e / 2;
            sb.append(Coroutines.<String>yield(sb.length() + r2)); // the receiver on the stack
            try {
                String again = Coroutines.yield(none == null ? "none" + f + z + c + b + s : none);
                if (again.equals("boom")) {
                    throw new IllegalStateException(again + k);
                }
                list.add(again);
                f += 0.5f;
                z = !z;
            } catch (IllegalStateException caught) {
                list.add("caught " + caught.getMessage());
                c++;
                b -= 3;
                s *= 2;
            }
            arr = Arrays.copyOf(arr, arr.length + 1);
            arr[arr.length - 1] = got;
        }
        Coroutines.yield(a + "|" + Arrays.toString(arr) + "|" + sb + "|" + list + "|" + none + r1 + r2 + "|" + i + "," + l + "," + d
                + "," + f + "," + z + "," + c + "," + b + "," + s);
    }

    /** {@link #body} as plain Java, {@code yield} standing for {@code Coroutines.yield}. */
    static void plain(UnaryOperator<Object> yield) {
        String a = "a";
        Object[] arr = {"x"};
        StringBuilder sb = new StringBuilder("sb");
        List<String> list = new ArrayList<>();
        String none = null;
        String r1 = "r1";
        String r2 = "r2";
        int i = 3;
        long l = 1L << 40;
        double d = 2.5;
        float f = 1.25f;
        boolean z = true;
        char c = 'q';
        byte b = -7;
        short s = 300;
        for (int k = 0; k < 3; k++) {
            String got = (String) yield.apply(a + k + i + l);
            a = a + got.charAt(0);
            i ^= k + got.length();
            long t = l + ((String) yield.apply("t" + k)).length();
            l = t * 3;
            double e = d * ((String) yield.apply(r1 + d)).length();
            d = e / 2;
            sb.append((String) yield.apply(sb.length() + r2));
            try {
                String again = (String) yield.apply(none == null ? "none" + f + z + c + b + s : none);
                if (again.equals("boom")) {
                    throw new IllegalStateException(again + k);
                }
                list.add(again);
                f += 0.5f;
                z = !z;
            } catch (IllegalStateException caught) {
                list.add("caught " + caught.getMessage());
                c++;
                b -= 3;
                s *= 2;
            }
            arr = Arrays.copyOf(arr, arr.length + 1);
            arr[arr.length - 1] = got;
        }
        yield.apply(a + "|" + Arrays.toString(arr) + "|" + sb + "|" + list + "|" + none + r1 + r2 + "|" + i + "," + l + "," + d
                + "," + f + "," + z + "," + c + "," + b + "," + s);
    }

    private static List<Object> expected() {
        List<Object> values = new ArrayList<>();
        int[] sent = {0};
        plain(v -> {
            values.add(v);
            return sent[0] < SENDS.size() ? SENDS.get(sent[0]++) : null;
        });
        return List.copyOf(values);
    }
}
