package dev.coflow.agent.properties.programs;

/** The exception generated programs throw and catch, and the one thrown in at a chosen yield. */
public final class ProgramFailure extends RuntimeException {
    public ProgramFailure(String message) {
        super(message);
    }
}
