package dev.coflow.agent.cases;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Catalogue 49: serializable lambdas that call coroutine methods. The agent leaves a serializable call site as javac
 * made it (the implementation method is named in the serialized form and in {@code $deserializeLambda$}); the lambda's
 * body is a method of this class, rewritten, so called in a coroutine it suspends and resumes, before and after a round
 * trip through serialization. (A serializable method reference to a coroutine method fails at the yield instead, with
 * a fix that says to write this: {@code ForeignFrameTest}.)
 */
public final class SerializableLambdaCallingCoroutine {
    public static final List<Object> EXPECTED = List.of("count:3", "count:2", "count:1", "got 6", "twice:5", "back 10",
            "count:2", "count:1", "copied 3", "lambda:7", "lambda back 8");
    public static final Object RESULT = 27;

    interface SerialSupplier<T> extends Supplier<T>, Serializable {
    }

    interface SerialFunction<T, R> extends Function<T, R>, Serializable {
    }

    @Coroutine
    static Integer countDown() {
        int total = 0;
        for (int i = 3; i > 0; i--) {
            Coroutines.yield("count:" + i);
            total += i;
        }
        return total;
    }

    @Coroutine
    static Integer countFrom(Integer n) {
        int total = 0;
        for (int i = n; i > 0; i--) {
            Coroutines.yield("count:" + i);
            total += i;
        }
        return total;
    }

    @Coroutine
    static Integer twice(Integer x) {
        Coroutines.yield("twice:" + x);
        return x * 2;
    }

    @Coroutine
    static Integer lambda(Integer x) {
        Coroutines.yield("lambda:" + x);
        return x;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Coroutine
    public static int body() {
        SerialSupplier<Integer> s = () -> countDown();
        int a = s.get();
        Coroutines.yield("got " + a);
        SerialFunction<Integer, Integer> f = x -> twice(x);
        int b = f.apply(5);
        Coroutines.yield("back " + b);
        SerialFunction<Integer, Integer> g = roundTrip((SerialFunction<Integer, Integer>) x -> countFrom(x));
        int c = g.apply(2);
        Coroutines.yield("copied " + c);
        SerialFunction<Integer, Integer> h = roundTrip((SerialFunction<Integer, Integer>) x -> lambda(x) + 1);
        int d = h.apply(7);
        Coroutines.yield("lambda back " + d);
        return a + b + c + d;
    }
}
