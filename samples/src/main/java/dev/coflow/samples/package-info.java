/**
 * The samples launcher: {@link dev.coflow.samples.Main} picks a sample by name and runs it.
 * Each sample lives in its own package, named after it, with a {@code package-info} that says what it shows.
 * Run them with {@code samples/run NAME [ARGS...]}, which attaches the coflow agent that makes their
 * {@code @Coroutine} methods suspendable.
 */
package dev.coflow.samples;
