package dev.coflow.it;

/**
 * Source lines as the running code sees them, so tests about stack traces and {@code where()} compare
 * against lines the program itself reported instead of numbers typed into the test.
 */
final class SourceLines {
    private SourceLines() {
    }

    /** The line number of the statement that calls this method, read from the live stack. */
    static int here() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }
}
