/**
 * Small programs with a {@code main} that {@code AgentProcessIT} runs in child JVMs, with and without
 * the agent and with its options, to check what a user sees at start-up and in the output.
 */
package dev.coflow.it.programs;
