package dev.coflow.agent.entryloader;

/** Inherits {@link Base#value}; defined by {@code Base}'s own loader. */
public class BaseInheritor extends Base {
}
