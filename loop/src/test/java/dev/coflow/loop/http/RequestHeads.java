package dev.coflow.loop.http;

import java.nio.ByteBuffer;

/**
 * One connection's request bytes: a fixed buffer that reads append to ({@link #buffer()}, between its
 * position and its limit), from which {@link #next()} takes one complete request head at a time and
 * gives the answer to send. What follows a head (a pipelined request) stays for the next call.
 */
public final class RequestHeads {
    private final ByteBuffer buffer;
    /** Bytes before this index hold no CR LF CR LF that ends there (they were searched already). */
    private int searched;

    public RequestHeads(int capacity) {
        buffer = ByteBuffer.allocate(capacity);
    }

    /** Where to read the next bytes to: its position is the end of what has arrived. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * The answer to the first complete request head, which is then dropped from the buffer; {@code null}
     * when more bytes must be read first; {@link HelloHttp#TOO_LARGE} when the buffer is full without one.
     */
    public byte[] next() {
        byte[] bytes = buffer.array();
        int arrived = buffer.position();
        int end = HelloHttp.headEnd(bytes, searched, arrived);
        if (end < 0) {
            searched = arrived;
            return buffer.hasRemaining() ? null : HelloHttp.TOO_LARGE;
        }
        byte[] answer = HelloHttp.answer(bytes, end);
        System.arraycopy(bytes, end, bytes, 0, arrived - end);
        buffer.position(arrived - end);
        searched = 0;
        return answer;
    }
}
