package dev.coflow.runtime;

/**
 * Not API. A marker the rewriter adds to every lambda and method reference whose body it rewrote (the
 * {@code LambdaMetafactory} site asks for it with {@code FLAG_MARKERS}). A handle whose body carries it
 * arms the body's first call with the key of its functional interface method, which the body's own entry
 * takes at once. A body without it (a plain method's reference, a proxy, a class the agent did not rewrite)
 * is armed with {@link Suspension#ROOT_UNMARKED}, which no entry takes without checking the stack: so a plain
 * root can never leave a key that a callback of the same interface, called further down, would take.
 */
public interface RewrittenBody {
}
