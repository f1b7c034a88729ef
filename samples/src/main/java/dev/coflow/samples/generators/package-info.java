/**
 * Generators: methods that hand out a sequence of values with {@code Coroutines.yield(v)}, consumed lazily by a for-each loop or a Stream.
 * It walks from a countdown and an infinite Fibonacci sequence to a recursive in-order tree walk and a generator that returns a value.
 * It ends with delegation, where a coroutine passes another one's values through (a plain call of a {@code @Coroutine} method, or {@code Coroutines.yieldFrom}) and gets its return value.
 */
package dev.coflow.samples.generators;
