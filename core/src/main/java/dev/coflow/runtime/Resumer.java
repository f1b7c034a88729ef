package dev.coflow.runtime;

/**
 * Not API. Continues one suspended frame, for a {@link ResumePoint} made with a resumer: the runtime's
 * own frames ({@link RuntimeFrames}) and tests. The points of rewritten methods are instances of a
 * hidden subclass of {@code ResumePoint} that calls the method's resume adapter itself ({@link Bootstrap}).
 */
@FunctionalInterface
public interface Resumer {
    /**
     * Runs the frame's method from its saved state until it returns, throws or suspends again;
     * {@code in} is the value handed in (see {@link BytecodeContract#BODY_EXTRA_DESCRIPTOR}).
     */
    void resume(Frame frame, Context context, Object in);
}
