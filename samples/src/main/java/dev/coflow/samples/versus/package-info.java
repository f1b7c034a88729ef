/**
 * Coroutines versus objects: the notes' {@code GrepHandler} class, whose state lives in fields, timed against the {@code grep} coroutine, whose state lives in the locals of a suspended body.
 * Both push the same lines to the same counting coroutine; the sample warms both up, alternates measured rounds and prints the median time per line of each and their ratio.
 */
package dev.coflow.samples.versus;
