/**
 * Not API: the small runtime that code rewritten by the coflow agent calls. Names, fields and
 * descriptors here are a contract with the agent ({@link dev.coflow.runtime.BytecodeContract}) and
 * change between versions without notice. See {@code docs/design.md} for how the pieces fit.
 */
package dev.coflow.runtime;
