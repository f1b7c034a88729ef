package dev.coflow.suspendablefixture.lib;

import java.util.List;

/** A synchronized override in a suspendable class: refused as quietly as any other method there (found on commons-io). */
public class LockedSub extends Locked {
    public LockedSub(Visitor<String> visitor) {
        super(visitor);
    }

    @Override
    public synchronized void plain(String item) {
        super.plain(item);
    }

    @Override
    public synchronized void each(List<String> items) {
        super.each(items);
    }
}
