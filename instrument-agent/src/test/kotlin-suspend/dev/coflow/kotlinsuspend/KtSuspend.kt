// Catalogue 59: a Kotlin suspend function annotated @Coroutine. Kotlin runs suspend functions with its own
// machinery (a continuation per call, the standard library's startCoroutine, suspend lambdas compiled as classes),
// whose frames the agent does not rewrite: a yield in one fails at the yield, saying to make the function plain.
@file:JvmName("KtSuspend")

package dev.coflow.kotlinsuspend

import dev.coflow.Coroutine
import dev.coflow.Coroutines
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine

/** A suspend function annotated @Coroutine that yields. */
@Coroutine
suspend fun fetch(what: String): String = Coroutines.yield("fetch $what")

/** Runs a suspend block on this thread with the standard library's intrinsics and returns its result. */
fun <T> runNow(block: suspend () -> T): T {
    var outcome: Result<T>? = null
    block.startCoroutine(Continuation(EmptyCoroutineContext) { outcome = it })
    return outcome!!.getOrThrow()
}

/** A coflow coroutine reaching the suspend function through Kotlin's machinery (a suspend lambda). */
@Coroutine
fun body(): Any? = runNow { fetch("a") }

/** A yield in a suspend lambda itself. */
@Coroutine
fun inLambda(): Any? = runNow { Coroutines.yield<String>("in lambda") }

/** A suspend function, not annotated, between the suspend lambda and the annotated suspend function. */
suspend fun middle(): String = fetch("m")

@Coroutine
fun throughMiddle(): Any? = runNow { middle() }

/** The fix: the same function, not suspend, called directly. */
@Coroutine
fun fetchPlain(what: String): String = Coroutines.yield("fetch $what")

@Coroutine
fun fixed(): Any? = fetchPlain("a")

/** A yield in the initialiser of a property delegated to lazy: the standard library's Lazy calls it, holding a lock. */
@Coroutine
fun lazyLocal(): Any? {
    val x by lazy { Coroutines.yield<String>("init") }
    return "got $x"
}
