package dev.coflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that may suspend: the coflow agent rewrites it into a resumable state machine.
 *
 * <p>A coroutine method may call {@link Coroutines#yield(Object)} or other coroutine methods; a
 * yield anywhere in that chain of calls suspends the whole chain, and the next
 * {@link CoroutineHandle#send(Object)} continues exactly there.
 *
 * <pre>{@code
 * @Coroutine
 * static void countdown(int n) {
 *     while (n > 0) Coroutines.yield(n--);
 * }
 * for (int i : Coroutines.<Integer>generate(() -> countdown(3))) System.out.println(i);
 * }</pre>
 *
 * <p>On an abstract or interface method the annotation tells callers that a call through it may
 * suspend; each implementation that can suspend carries the annotation too (an unannotated override
 * in a class that mentions coflow is treated as annotated). Constructors, static initialisers and
 * {@code synchronized} methods cannot be coroutine methods; the agent reports them with a fix.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Coroutine {
}
