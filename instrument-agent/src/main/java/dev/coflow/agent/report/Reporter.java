package dev.coflow.agent.report;

import java.io.PrintStream;

/** Where the agent's messages go: every line starts with {@code [coflow]}. Thread-safe. */
public final class Reporter {
    private final PrintStream out;
    private final boolean trace;

    public Reporter(PrintStream out, boolean trace) {
        this.out = out;
        this.trace = trace;
    }

    /** Prints a refusal or error. */
    public synchronized void report(Diagnostic diagnostic) {
        out.println(diagnostic.render());
    }

    /** Prints a decision when tracing is on. */
    public void trace(String message) {
        if (trace) {
            synchronized (this) {
                out.println("[coflow] " + message);
            }
        }
    }

    /** Prints an error that is not about one method (a crash inside the agent, a bad dump directory). */
    public synchronized void error(String message, Throwable cause) {
        out.println("[coflow] ERROR " + message + (cause == null ? "" : ": " + cause));
        if (cause != null && trace) {
            cause.printStackTrace(out);
        }
    }

    /** Whether trace lines are printed. */
    public boolean tracing() {
        return trace;
    }
}
