/**
 * A suspension under a frame the agent did not rewrite (issue 9, point 2): reflection, method-handle
 * combinators, JDK callbacks, a constructor, a refused method, a method that is not a coroutine
 * method. Each must fail at the yield, before the frame in between runs again; {@code ForeignFrameTest}
 * checks the error and the side effects that happened.
 */
package dev.coflow.agent.foreign;
