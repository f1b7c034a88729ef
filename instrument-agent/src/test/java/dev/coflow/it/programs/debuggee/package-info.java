/**
 * The program {@code DebuggerIT} runs under a debugger (JDI) with the agent: a chain of coroutine methods
 * three deep, called from their own class, from another class and through a generator's lambda. Lines the
 * test stops at are marked with {@code // @bp:NAME} comments; the test reads the marks from this source.
 */
package dev.coflow.it.programs.debuggee;
