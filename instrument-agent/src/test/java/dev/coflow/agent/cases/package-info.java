/**
 * One tiny class per bytecode shape that has broken coroutine rewriters (see
 * {@code docs/torture-catalogue.md}; the number in each fixture's javadoc is its
 * entry there). Each has a static {@code body()} and the {@code EXPECTED} values it yields; the
 * harness rewrites, checks, loads (verifier on) and drives it. Add a shape: write the class, run
 * {@code AllCasesTest}.
 */
package dev.coflow.agent.cases;
