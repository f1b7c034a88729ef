package dev.coflow.runtime;

/**
 * Not API. Continues one suspended frame: implemented for each rewritten method by a
 * {@code LambdaMetafactory} class that calls the method's synthetic resume adapter, which calls the
 * method's body (on the receiver saved in the frame) and stores the body's return value in the
 * context.
 */
@FunctionalInterface
public interface Resumer {
    /**
     * Runs the frame's method from its saved state until it returns, throws or suspends again;
     * {@code in} is the value handed in (see {@link BytecodeContract#BODY_EXTRA_DESCRIPTOR}).
     */
    void resume(Frame frame, Context context, Object in);
}
