/**
 * Fixture pairs for {@code CatalogueFixTest}, one file per entry of the README's error catalogue that
 * Java source can produce: {@code Broken} is the shape that produces the entry, {@code Fixed} the same
 * code with the entry's Fix applied, as a user would apply it. Each has a static {@code body}
 * (run as a coroutine) or {@code main} (run as a program would run it).
 */
package dev.coflow.agent.catalogue;
