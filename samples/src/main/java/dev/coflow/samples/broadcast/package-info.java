/**
 * Branching pipelines in Beazley's style: a source sends each line of a file to a {@code broadcast} coroutine, which sends it on to one {@code grep} filter per pattern, each with a printer of its own.
 * With {@code --diamond} the filters share one printer, so the branches join again in one sink; the first filter to close closes it and the others' {@code close()} does nothing.
 * The source is the pipeline sample's: with {@code --once} it stops at the end of the file, otherwise it keeps following the file like {@code tail -f}.
 */
package dev.coflow.samples.broadcast;
