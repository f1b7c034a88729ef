package dev.coflow.agent.entryloader;

/** Overrides {@link Base#value} plainly; defined by a plug-in's loader, a child of {@code Base}'s. */
public class PluginOverride extends Base {
    @Override
    public int value(int x) {
        return x * 5;
    }
}
