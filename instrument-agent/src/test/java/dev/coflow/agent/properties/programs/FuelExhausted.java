package dev.coflow.agent.properties.programs;

/** A generated program ran out of {@link Trace#tick() fuel}: an Error, so only catch-all handlers catch it. */
public final class FuelExhausted extends Error {
    public FuelExhausted() {
        super("out of fuel", null, false, false);
    }
}
