/**
 * A non-blocking TCP echo server on the {@link dev.coflow.samples.scheduler.Scheduler}: one task accepts
 * connections and every connection is a coroutine task, all run by the one scheduler thread, which
 * blocks only in {@code Selector.select}. With {@code --clients N} a load client in the same program
 * (coroutines too, on a second scheduler and thread) opens N connections, sends messages and checks
 * every echo.
 */
package dev.coflow.samples.echo;
