/**
 * Classes of a user's own package, outside {@code dev.coflow}, for the programs of {@code AgentProcessIT}: the
 * agent looks only at class files that name something of coflow, and every class under {@code dev.coflow} names its
 * own package, so a class the agent must never look at has to live here. {@link org.example.plain.Greeter} and
 * {@link org.example.plain.Counter} are coroutine classes; {@link org.example.plain.LoggingGreeter} and
 * {@link org.example.plain.StaticForwarder} name nothing of coflow and forward to them.
 */
package org.example.plain;
