package dev.coflow.classifyfixture;

/** A class made suspendable by the option: every method is a coroutine method, implicitly. */
public class Library {
    public int work() {
        return 4;
    }
}
