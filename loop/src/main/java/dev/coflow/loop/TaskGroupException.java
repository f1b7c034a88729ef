package dev.coflow.loop;

import java.util.List;

/**
 * Every failure of a {@link TaskGroup} together (asyncio's {@code ExceptionGroup}): the body's
 * exception, if it failed, then the children's, in the order they failed. Each is also attached as a
 * suppressed exception, so a printed stack trace shows them all.
 */
public final class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> failures;

    TaskGroupException(List<Throwable> failures) {
        super(failures.size() + (failures.size() == 1 ? " failure" : " failures") + " in task group: " + summary(failures),
                failures.get(0));
        this.failures = List.copyOf(failures);
        for (Throwable f : failures) {
            addSuppressed(f);
        }
    }

    /** The failures, first failure first. */
    public List<Throwable> failures() {
        return failures;
    }

    private static String summary(List<Throwable> failures) {
        StringBuilder text = new StringBuilder();
        for (Throwable f : failures) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(f);
        }
        return text.toString();
    }
}
