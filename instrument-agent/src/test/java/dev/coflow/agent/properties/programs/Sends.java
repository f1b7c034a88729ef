package dev.coflow.agent.properties.programs;

/** The values sent in at the yields of a generated program, the same in the PLAIN and REWRITTEN runs. */
public final class Sends {
    private Sends() {
    }

    /** The value the yield numbered {@code k} (from 0) evaluates to. */
    public static Integer value(int k) {
        return (k * 37) % 23 - 7;
    }

    /** The exception thrown in at the chosen yield. */
    public static ProgramFailure thrownIn() {
        return new ProgramFailure("thrown-in");
    }
}
