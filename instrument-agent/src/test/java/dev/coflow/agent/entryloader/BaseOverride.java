package dev.coflow.agent.entryloader;

/** Overrides {@link Base#value} with a method that cannot suspend (not rewritten); defined by {@code Base}'s own loader. */
public class BaseOverride extends Base {
    @Override
    public int value(int x) {
        return x * 3;
    }
}
