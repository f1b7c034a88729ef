package dev.coflow.agent.serial;

import dev.coflow.Coroutine;
import dev.coflow.Coroutines;

/** Serializable through its superclass, with no serialVersionUID of its own. */
public class InheritedDefaultVersion extends DefaultVersion {
    @Coroutine
    public String other(String s) {
        return Coroutines.yield(s);
    }
}
