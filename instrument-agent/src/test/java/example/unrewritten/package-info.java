/**
 * Outside {@code dev.coflow} on purpose: {@link example.unrewritten.Maker}'s class file never names
 * {@code dev/coflow/}, so the agent never sees it, and a method reference it makes to a coroutine
 * method is one the agent could not adapt (the error catalogue's "method reference or lambda made in
 * C" entry, {@code FaultsCatalogueIT}).
 */
package example.unrewritten;
