package dev.coflow;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A coroutine used as a lazy sequence: an {@link Iterable} whose elements are the values the body
 * yields. Nothing runs ahead: the body runs up to its next yield only when the caller asks whether
 * there is a next element ({@code hasNext}), so side effects between two yields happen then.
 *
 * <pre>{@code
 * @Coroutine static void countdown(int n) { while (n > 0) Coroutines.yield(n--); }
 * for (int i : Coroutines.<Integer>generate(() -> countdown(3))) System.out.println(i);  // 3 2 1
 * }</pre>
 *
 * <p>Like a Python generator it is its own iterator: iterating again continues where the last
 * iteration stopped. The value a {@code hasNext()} ran ahead to is the next value of {@code next()}
 * too, whichever is called; {@code send} and {@code throwIn} are refused while such a value waits.
 * Generators are made by {@link Coroutines#generate}; the interface is sealed.
 *
 * @param <Y> the type of values yielded
 */
public sealed interface Generator<Y> extends CoroutineHandle<Object, Y>, Iterable<Y> permits GeneratorHandle {

    /**
     * The remaining values; each {@code hasNext} that needs one runs the body to its next yield.
     *
     * @return an iterator over the values not taken yet
     */
    @Override
    Iterator<Y> iterator();

    /**
     * The remaining values as a sequential, ordered stream; closing the stream closes the generator.
     *
     * @return a stream of the values not taken yet
     */
    Stream<Y> stream();
}
