// Locals captured and changed by a lambda that is not inlined: kotlinc boxes them in kotlin.jvm.internal.Ref
// (IntRef, ObjectRef), shared by the coroutine and the lambda across its yields.
@file:JvmName("KtCapturedVars")

package dev.coflow.kotlinfixtures.capturedvars

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

@JvmField val EXPECTED: List<Any?> = listOf("0a", "1ab", "3abbb")
@JvmField val SENDS: List<Any?> = listOf(null, null, 7)
@JvmField val RESULT: Any? = "10abbb"

@Coroutine
fun body(): Any? {
    var count = 0
    var text = "a"
    val bump: () -> Unit = { count++; text += "b" }
    Coroutines.yield<Any?>("$count$text")
    bump()
    Coroutines.yield<Any?>("$count$text")
    bump()
    bump()
    val sent: Int = Coroutines.yield("$count$text")
    count += sent
    return "$count$text"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
