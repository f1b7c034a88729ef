package dev.coflow.suspendablefixture.lib;

import java.util.List;

/** Library code that cannot be suspended through: a constructor, a synchronized method and a synchronized block calling back. */
public class Locked {
    private final Visitor<String> visitor;

    public Locked(Visitor<String> visitor) {
        this.visitor = visitor;
        visitor.visit("constructed");
    }

    /** A synchronized method calling the visitor. */
    public synchronized void each(List<String> items) {
        for (String s : items) {
            visitor.visit(s);
        }
    }

    /** A synchronized block around the callback. */
    public void guarded(String item) {
        synchronized (this) {
            visitor.visit(item);
        }
    }

    /** Plain: calls the visitor outside any lock. */
    public void plain(String item) {
        visitor.visit(item);
    }
}
