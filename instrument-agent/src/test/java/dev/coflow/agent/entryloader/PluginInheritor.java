package dev.coflow.agent.entryloader;

/** Inherits {@link Base#value}; defined by a plug-in's loader, a child of {@code Base}'s. */
public class PluginInheritor extends Base {
}
