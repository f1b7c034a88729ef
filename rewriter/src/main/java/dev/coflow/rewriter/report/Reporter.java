package dev.coflow.rewriter.report;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

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

    /** Prints a line as it is (it starts with {@code [coflow]} already). */
    public synchronized void line(String text) {
        out.println(text);
    }

    /** Prints an error that is not about one method (a crash inside the agent, a bad dump directory). */
    public synchronized void error(String message, Throwable cause) {
        out.println("[coflow] ERROR " + message + (cause == null ? "" : ": " + cause));
        if (cause != null && trace) {
            cause.printStackTrace(out);
        }
    }

    private int suspendableClasses;
    private int suspendableMethods;
    private final Map<Problem, Integer> refusedInSuspendable = new TreeMap<>();

    /**
     * A method that is a coroutine method only because its class is suspendable ({@code suspendable=})
     * and that could not be rewritten: expected (constructors, synchronized methods...), so printed only
     * with {@code trace=true} and counted for {@link #summary()}. It runs as it was, and a chain through
     * it is caught at run time as a foreign frame.
     */
    public synchronized void refusedInSuspendable(Diagnostic d) {
        refusedInSuspendable.merge(d.problem(), 1, Integer::sum);
        if (trace) {
            out.println("[coflow] suspendable: left " + d.where() + " as it was: " + d.problem() + ": " + d.problem().message());
        }
    }

    /** A class of a suspendable package was looked at; {@code rewrittenMethods} of its methods were rewritten. */
    public synchronized void suspendableClass(int rewrittenMethods) {
        suspendableClasses++;
        suspendableMethods += rewrittenMethods;
    }

    /**
     * One line on the suspendable classes seen so far: {@code [coflow] suspendable: 12 classes, 30 methods
     * rewritten, 4 left as they were (CONSTRUCTOR 3, SYNCHRONIZED_METHOD 1)}; the agent prints it at exit.
     */
    public synchronized String summary() {
        int refused = refusedInSuspendable.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder b = new StringBuilder("[coflow] suspendable: ").append(suspendableClasses).append(" classes, ")
                .append(suspendableMethods).append(" methods rewritten, ").append(refused).append(" left as they were");
        if (refused > 0) {
            StringBuilder reasons = new StringBuilder();
            refusedInSuspendable.forEach((p, n) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(p).append(' ').append(n));
            b.append(" (").append(reasons).append(")").append(trace ? "" : "; trace=true lists them");
        }
        return b.toString();
    }

    /** Prints {@link #summary()}. */
    public synchronized void printSummary() {
        out.println(summary());
    }

    /** Whether trace lines are printed. */
    public boolean tracing() {
        return trace;
    }
}
