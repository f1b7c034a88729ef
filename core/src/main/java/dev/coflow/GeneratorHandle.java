package dev.coflow;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The implementation of {@link Generator}: not API (see {@link Handle}).
 *
 * @param <Y> the type of values yielded
 */
final class GeneratorHandle<Y> extends Handle<Object, Y> implements Generator<Y> {
    GeneratorHandle(Runnable body) {
        super(body);
    }

    GeneratorHandle(Supplier<?> body) {
        super(body);
    }

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
                // after hasNext() (every for-each) the value is kept already: no call of fetch, which C2 may have
                // compiled too big to inline (it holds a coroutine's start and end too)
                if (!isBuffered() && !fetch()) {
                    throw new NoSuchElementException("generator finished");
                }
                return (Y) takeBuffered();
            }
        };
    }

    @Override
    public Stream<Y> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }
}
