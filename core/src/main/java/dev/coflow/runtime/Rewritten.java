package dev.coflow.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Not API. The mark the rewriter puts on every class it rewrote, in the class file only (not visible
 * to reflection): the agent and the Maven plugin leave a marked class alone, so a class rewritten at
 * build time is never rewritten again at load time, and a second build over the same classes is a no-op.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Rewritten {
    /** The coflow version that rewrote the class. */
    String version();
}
