/**
 * A non-blocking TCP echo server on coflow's event loop (the {@code loop} module): one task accepts
 * connections and every connection is a task, all run by the one loop thread, which blocks only in
 * {@code Selector.select}. With {@code --clients N} a load client in the same program (tasks too, on
 * a second loop and thread) opens N connections, sends messages and checks every echo.
 */
package dev.coflow.samples.echo;
