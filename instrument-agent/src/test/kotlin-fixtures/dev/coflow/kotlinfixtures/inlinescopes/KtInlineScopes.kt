// Inline functions with yields in their lambdas: kotlinc copies each lambda's body into body(), with the
// inliner's own locals ($i$a$-repeat-..., $i$f$forEach) live across the yields, and a non-local return.
@file:JvmName("KtInlineScopes")

package dev.coflow.kotlinfixtures.inlinescopes

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

@JvmField val EXPECTED: List<Any?> = listOf(0, 1, 2, "a", "b", "let:5", "also:x", "apply", "with:3", "takeIf:4", 1, 2)
@JvmField val RESULT: Any? = "early at 3, sum 16"

@Coroutine
fun body(): Any? {
    var sum = 0
    repeat(3) { i -> Coroutines.yield<Any?>(i); sum += i }
    listOf("a", "b").forEach { Coroutines.yield<Any?>(it) }
    val five = 5
    five.let { Coroutines.yield<Any?>("let:$it") }
    "x".also { Coroutines.yield<Any?>("also:$it") }
    val list = ArrayList<Int>().apply { Coroutines.yield<Any?>("apply"); add(3); add(4) }
    with(list) { Coroutines.yield<Any?>("with:${first()}") }
    list.last().takeIf { it > 3 }?.let { Coroutines.yield<Any?>("takeIf:$it") }
    sum += list.sum()
    listOf(1, 2, 3, 4).forEach {
        if (it == 3) {
            return "early at $it, sum ${sum + 6}"
        }
        Coroutines.yield<Any?>(it)
    }
    return "not reached"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
