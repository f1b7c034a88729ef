package dev.coflow.shapefixture;

import dev.coflow.Coroutine;

/** Shape fixture: an override that calls the coroutine method it overrides with {@code super}, at a suspension point. */
public class ArmedSuper extends ArmedReceivers {
    @Override
    @Coroutine
    public long many(int a, long b, String c) {
        return super.many(a, b, c) * 2;
    }
}
