package dev.coflow.rewriter.report;

/**
 * One refusal, error or warning: which {@link Problem}, where (class, method, descriptor, source file and line),
 * and an optional detail.
 *
 * @param owner      internal name of the class
 * @param method     method name, or {@code null} for a whole-class problem
 * @param descriptor method descriptor, or {@code null}
 * @param file       source file name, or {@code null}
 * @param line       source line, or -1
 * @param problem    what went wrong
 * @param detail     extra text (e.g. the verifier's message), or {@code null}
 */
public record Diagnostic(String owner, String method, String descriptor, String file, int line, Problem problem, String detail) {

    /** {@code com.acme.Feed#next ()V (Feed.java:42)}. */
    public String where() {
        StringBuilder b = new StringBuilder(owner.replace('/', '.'));
        if (method != null) {
            b.append('#').append(method).append(' ').append(descriptor);
        }
        if (file != null || line > 0) {
            b.append(" (").append(file == null ? "?" : file);
            if (line > 0) {
                b.append(':').append(line);
            }
            b.append(')');
        }
        return b.toString();
    }

    /** The full report, as the agent prints it. */
    public String render() {
        return (problem.warning() ? "[coflow] WARNING " + where() + " runs interpreted" : "[coflow] ERROR cannot rewrite " + where())
                + ":\n  " + problem.message()
                + (detail == null ? "" : "\n  " + detail.replace("\n", "\n  "))
                + "\n  Fix: " + problem.fix();
    }

    @Override
    public String toString() {
        return render();
    }
}
