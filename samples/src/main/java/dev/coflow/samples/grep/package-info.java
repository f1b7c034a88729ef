/**
 * Beazley's {@code grep} coroutine: a consumer that receives lines with {@code Coroutines.yield()} and prints those containing a pattern.
 * It is primed with {@code Coroutines.start}, so it has printed its greeting and waits at its first yield before any line is sent.
 * At the end of the input {@code close()} raises {@code GeneratorExit} at that yield, and the body's handler says goodbye.
 */
package dev.coflow.samples.grep;
