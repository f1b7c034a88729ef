/**
 * Classes the rewriter must refuse, in part or whole (catalogue 20, 21, 31, 32): each refused method
 * marks its reported line with a {@code // refused:} comment that {@code RefusalTest} looks up. The
 * classes sit outside {@code cases} because they cannot run as cases; their other methods must still
 * be rewritten and run.
 */
package dev.coflow.agent.refusals;
