package dev.coflow.agent.serial;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;
import java.io.Serializable;

/** Serializable with a serialVersionUID of its own: new members do not change it. */
public class DeclaredVersion implements Serializable {
    private static final long serialVersionUID = 42L;

    @Coroutine
    public String next(String s) {
        return Coroutines.yield(s);
    }
}
