/**
 * A task scheduler in the style of Beazley's coroutine "operating system": every task is a coroutine,
 * and a task asks the scheduler for a service (its id, a new task, killing or waiting for a task,
 * sleeping, waiting for a channel to become readable or writable) by yielding a
 * {@link dev.coflow.samples.scheduler.SystemCall}; the scheduler sends the answer back as the value
 * of that yield. {@link dev.coflow.samples.scheduler.Scheduler} is the kernel,
 * {@link dev.coflow.samples.scheduler.Sys} the system-call wrappers, and
 * {@link dev.coflow.samples.scheduler.SchedulerSample} the demo run.
 */
package dev.coflow.samples.scheduler;
