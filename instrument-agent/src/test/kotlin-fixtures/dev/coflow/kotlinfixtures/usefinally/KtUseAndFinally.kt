// use {} (an inline function whose lambda runs in try/finally and closes the resource), a yield in a finally
// block, an exception thrown after a resume and caught, and a loop over a range with break and continue.
@file:JvmName("KtUseAndFinally")

package dev.coflow.kotlinfixtures.usefinally

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier
import java.io.Closeable

class Resource(private val log: MutableList<String>) : Closeable {
    override fun close() {
        log.add("closed")
    }
}

@JvmField val EXPECTED: List<Any?> = listOf("using", "in try", "finally", "caught bad", 1, 3)
@JvmField val SENDS: List<Any?> = listOf("a", "b", "c", "d", "e", "f")
@JvmField val RESULT: Any? = "[using a, closed, try b, finally c, caught d] 4"

@Coroutine
fun body(): Any? {
    val log = ArrayList<String>()
    Resource(log).use { log.add("using " + Coroutines.yield<String>("using")) }
    try {
        log.add("try " + Coroutines.yield<String>("in try"))
    } finally {
        log.add("finally " + Coroutines.yield<String>("finally"))
    }
    try {
        require(log.size > 100) { "bad" }
    } catch (e: IllegalArgumentException) {
        log.add("caught " + Coroutines.yield<String>("caught ${e.message}"))
    }
    var sum = 0
    for (i in 1..10) {
        if (i % 2 == 0) continue
        if (i > 4) break
        Coroutines.yield<Any?>(i)
        sum += i
    }
    return "$log $sum"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
