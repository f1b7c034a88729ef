package dev.coflow.samples;

/** Bad command-line arguments: {@link Main} prints the message and the sample's usage, and exits with status 2. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Arguments rejected for the given reason, e.g. {@code "missing PATTERN"}. */
    public UsageException(String reason) {
        super(reason, null, false, false);
    }
}
