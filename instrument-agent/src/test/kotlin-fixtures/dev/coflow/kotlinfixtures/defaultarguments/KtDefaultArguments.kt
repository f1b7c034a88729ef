// A coroutine function with default arguments called without them: kotlinc calls the synthetic static
// forwarder greet$default, which fills in the defaults and calls greet.
@file:JvmName("KtDefaultArguments")

package dev.coflow.kotlinfixtures.defaultarguments

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

@Coroutine
fun greet(name: String = "world", times: Int = 2): String {
    var out = ""
    repeat(times) { out += Coroutines.yield<String>("hello $name") }
    return out
}

@JvmField val EXPECTED: List<Any?> = listOf("hello world", "hello world", "hello kt", "hello kt", "hello kt")
@JvmField val SENDS: List<Any?> = listOf("a", "b", "c", "d", "e")
@JvmField val RESULT: Any? = "ab cde"

@Coroutine
fun body(): Any? {
    val first = greet()
    val second = greet("kt", times = 3)
    return "$first $second"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })

/** With @JvmOverloads, kotlinc adds greetFrom(String) and greetFrom(): Java calls them (KotlinCompiledTest). */
@JvmOverloads
@Coroutine
fun greetFrom(name: String = "java", times: Int = 1): String {
    var out = ""
    repeat(times) { out += Coroutines.yield<String>("overload $name") }
    return out
}
