package dev.coflow.loop.http;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 of the hello servers, shared by all four of them (the loop's and the benchmark's Netty,
 * virtual-thread and platform-thread servers) so that each parses and answers the same way: the answer
 * to one request head (request line and headers, up to the empty line), chosen from fixed responses.
 *
 * <p>Minimal but correct for what it accepts: a request line {@code METHOD SP target SP HTTP/1.x}, header
 * lines, no body. HTTP/1.1 keeps the connection unless the request says {@code Connection: close};
 * HTTP/1.0 closes it unless the request says {@code Connection: keep-alive}. A request with a body
 * ({@code Content-Length} other than 0, or {@code Transfer-Encoding}) or a malformed request line is
 * answered 400 and the connection closed; a head longer than the connection's buffer, 431 and closed.
 */
public final class HelloHttp {
    /** The body of every 200 answer. */
    public static final String BODY = "Hello, World!";
    /** 200, the connection kept. */
    public static final byte[] OK = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length()
            + "\r\n\r\n" + BODY);
    /** 200, then the server closes the connection. */
    public static final byte[] OK_CLOSE = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length()
            + "\r\nConnection: close\r\n\r\n" + BODY);
    /** 400 (a malformed request line, or a request with a body), then closed. */
    public static final byte[] BAD_REQUEST = ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    /** 431 (the head does not fit the connection's buffer), then closed. */
    public static final byte[] TOO_LARGE = ascii("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private HelloHttp() {
    }

    /** Whether the server closes the connection after sending {@code answer}. */
    public static boolean closes(byte[] answer) {
        return answer != OK;
    }

    /** The index just after the first CR LF CR LF in {@code bytes[from, to)}, or -1. */
    public static int headEnd(byte[] bytes, int from, int to) {
        for (int i = Math.max(from, 3); i < to; i++) {
            if (bytes[i] == LF && bytes[i - 1] == CR && bytes[i - 2] == LF && bytes[i - 3] == CR) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The answer to the head {@code bytes[0, end)}, which ends with CR LF CR LF: one of the constants above. */
    public static byte[] answer(byte[] bytes, int end) {
        int lineEnd = lineEnd(bytes, 0, end);
        int version = requestLineVersion(bytes, lineEnd);
        if (version < 0) {
            return BAD_REQUEST;
        }
        boolean keep = version == 1;
        for (int line = lineEnd + 2; line < end - 2; line = lineEnd + 2) {
            lineEnd = lineEnd(bytes, line, end);
            int colon = indexOf(bytes, (byte) ':', line, lineEnd);
            if (colon <= line) {
                return BAD_REQUEST;
            }
            if (nameIs(bytes, line, colon, "connection")) {
                if (containsIgnoreCase(bytes, colon + 1, lineEnd, "close")) {
                    keep = false;
                } else if (containsIgnoreCase(bytes, colon + 1, lineEnd, "keep-alive")) {
                    keep = true;
                }
            } else if (nameIs(bytes, line, colon, "transfer-encoding")) {
                return BAD_REQUEST;
            } else if (nameIs(bytes, line, colon, "content-length") && !isZero(bytes, colon + 1, lineEnd)) {
                return BAD_REQUEST;
            }
        }
        return keep ? OK : OK_CLOSE;
    }

    /** The minor version of {@code METHOD SP target SP HTTP/1.x} in {@code bytes[0, end)}: 0, 1, or -1 if malformed. */
    private static int requestLineVersion(byte[] bytes, int end) {
        int firstSpace = indexOf(bytes, (byte) ' ', 0, end);
        if (firstSpace <= 0) {
            return -1;
        }
        for (int i = 0; i < firstSpace; i++) {
            if (bytes[i] < 'A' || bytes[i] > 'Z') {
                return -1;
            }
        }
        int secondSpace = indexOf(bytes, (byte) ' ', firstSpace + 1, end);
        if (secondSpace <= firstSpace + 1 || end - secondSpace != 9 || !regionIs(bytes, secondSpace + 1, "HTTP/1.")) {
            return -1;
        }
        byte minor = bytes[end - 1];
        return minor == '0' ? 0 : minor == '1' ? 1 : -1;
    }

    /** The index of the CR of the CR LF that ends the line starting at {@code from} (the head ends with one). */
    private static int lineEnd(byte[] bytes, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (bytes[i] == CR && bytes[i + 1] == LF) {
                return i;
            }
        }
        return end;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionIs(byte[] bytes, int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes[from, to)} is the header name {@code lowerCase}, in any case. */
    private static boolean nameIs(byte[] bytes, int from, int to, String lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        return regionIsIgnoreCase(bytes, from, lowerCase);
    }

    private static boolean containsIgnoreCase(byte[] bytes, int from, int to, String lowerCase) {
        for (int i = from; i + lowerCase.length() <= to; i++) {
            if (regionIsIgnoreCase(bytes, i, lowerCase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionIsIgnoreCase(byte[] bytes, int from, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            int b = bytes[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes[from, to)} is one run of zero digits between optional spaces and tabs. */
    private static boolean isZero(byte[] bytes, int from, int to) {
        while (from < to && (bytes[from] == ' ' || bytes[from] == '\t')) {
            from++;
        }
        while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t')) {
            to--;
        }
        for (int i = from; i < to; i++) {
            if (bytes[i] != '0') {
                return false;
            }
        }
        return to > from;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
