/**
 * Classes that the rewriter accepts but that go wrong, or could go wrong, at run time (catalogue 44,
 * 48, 69 and the threading rules of {@code CoroutineHandle}); {@code RuntimeErrorTest} drives them and
 * checks the errors say what happened and where.
 */
package dev.coflow.agent.runtimeerrors;
