/**
 * A push pipeline in Beazley's style: a source reads a file and sends each line into a grep filter coroutine, which sends the matches on to a printer coroutine.
 * The source is a plain loop that drives everything; the filter and the sink only react to what is sent to them, and {@code close()} travels down the chain when the source stops.
 * With {@code --once} the source stops at the end of the file, otherwise it keeps following the file like {@code tail -f}.
 */
package dev.coflow.samples.pipeline;
