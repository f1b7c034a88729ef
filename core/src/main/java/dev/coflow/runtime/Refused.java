package dev.coflow.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Not API. Put by the rewriter on a coroutine method it refused (with its guard, see
 * {@link Suspension#enterRefused}): why, and how to fix it, as the agent or the build reported it. A
 * run-time error in such a method (a yield that cannot suspend, a frame that breaks a chain) repeats
 * them, whether the class was rewritten at load or at build time. On a class: its static initialiser was refused
 * (reflection does not list {@code <clinit>}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface Refused {
    /** Why the method was not rewritten. */
    String why();

    /** How to fix it. */
    String fix();
}
