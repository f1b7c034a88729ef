package dev.coflow;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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
 *
 * @param <Y> the type of values yielded
 */
public class Generator<Y> extends CoroutineHandle<Object, Y> implements Iterable<Y> {
    Generator(Runnable body) {
        super(body);
    }

    Generator(Supplier<?> body) {
        super(body);
    }

    /** The remaining values; each {@code hasNext} that needs one runs the body to its next yield. */
    @Override
    public Iterator<Y> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return fetch();
            }

            @Override
            @SuppressWarnings("unchecked")
            public Y next() {
                if (!fetch()) {
                    throw new NoSuchElementException("generator finished");
                }
                return (Y) takeBuffered();
            }
        };
    }

    /** The remaining values as a sequential, ordered stream; closing the stream closes the generator. */
    public Stream<Y> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }
}
