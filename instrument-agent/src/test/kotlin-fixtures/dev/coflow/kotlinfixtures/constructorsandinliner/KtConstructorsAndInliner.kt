// Constructor calls with a yield among their arguments, plain and through an inlined lambda with a try
// block (kotlinc spills the operand stack, the object under construction included, into locals first).
@file:JvmName("KtConstructorsAndInliner")

package dev.coflow.kotlinfixtures.constructorsandinliner

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

data class Box(val value: Any?, val tag: String)

@JvmField val EXPECTED: List<Any?> = listOf("first", "in try", "thrown", "Box(value=1, tag=a)", "Box(value=-1, tag=c)")
@JvmField val SENDS: List<Any?> = listOf(1, 2, -5)
@JvmField val RESULT: Any? = listOf(Box(1, "a"), Box(2, "b"), Box(-1, "c"))

@Coroutine
fun body(): Any? {
    val a = Box(Coroutines.yield<Any?>("first"), "a")
    val b = Box(run { try { Coroutines.yield<Int>("in try") } catch (e: IllegalStateException) { -1 } }, "b")
    val c = Box(run {
        try {
            val v: Int = Coroutines.yield("thrown")
            check(v > 0) { "not positive: $v" }
            v
        } catch (e: IllegalStateException) {
            -1
        }
    }, "c")
    Coroutines.yield<Any?>(a.toString())
    Coroutines.yield<Any?>(c.toString())
    return listOf(a, b, c)
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
