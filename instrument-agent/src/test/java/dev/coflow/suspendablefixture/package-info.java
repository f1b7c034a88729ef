/**
 * Fixtures for the agent's {@code suspendable=} option: {@code lib} is a library that knows nothing of
 * coflow (its visitor calls back into user code), {@code app} is user code that yields through it.
 * Outside {@code dev.coflow.agent} so that the agent's own class filter lets the transformer rewrite them.
 */
package dev.coflow.suspendablefixture;
