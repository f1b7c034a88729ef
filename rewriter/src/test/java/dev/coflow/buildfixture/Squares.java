package dev.coflow.buildfixture;

/** Plain code with nothing to rewrite: left as javac wrote it. */
final class Squares {
    private Squares() {
    }

    static int square(int i) {
        return i * i;
    }
}
