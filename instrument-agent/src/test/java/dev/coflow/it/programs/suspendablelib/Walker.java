package dev.coflow.it.programs.suspendablelib;

import java.util.List;
import java.util.function.Consumer;

/** A library that knows nothing of coflow: walks items and calls back; one method holds a lock while it does. */
public class Walker {
    /** The callback type: the library's own interface. */
    public interface Callback {
        void on(String item);
    }

    private final List<String> items;

    public Walker(List<String> items) {
        this.items = items;
    }

    public int walk(Callback callback) {
        int n = 0;
        for (String item : items) {
            callback.on(item);
            n++;
        }
        return n;
    }

    public synchronized void walkLocked(Callback callback) {
        for (String item : items) {
            callback.on(item);
        }
    }

    /** Not a suspension route: a JDK interface. */
    public void each(Consumer<String> consumer) {
        items.forEach(consumer);
    }
}
