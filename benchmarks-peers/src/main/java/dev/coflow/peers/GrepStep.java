package dev.coflow.peers;

/**
 * The benchmarks' grep step as seen from outside: one {@link #send} hands a short line to a suspended
 * coroutine, which resumes, counts the line if it contains the pattern, and suspends again before
 * {@code send} returns. Each peer library implements it in its own package, woven at build time.
 */
public interface GrepStep {
    /** Hands one line in; returns when the coroutine has suspended again. */
    void send(String line);

    /** Lines seen so far that contain the pattern. */
    int count();

    /** Side counter fed by the intermediate frames when they return (rebuilt chains only; 0 otherwise). */
    int sink();
}
