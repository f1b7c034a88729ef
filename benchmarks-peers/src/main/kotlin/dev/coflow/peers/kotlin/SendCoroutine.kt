package dev.coflow.peers.kotlin

import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.createCoroutineUnintercepted
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume

/**
 * A Python-style coroutine that is sent values, on the Kotlin standard library's coroutine
 * intrinsics alone (no kotlinx.coroutines, no dispatcher, no thread): [runToFirstReceive] runs
 * [body] up to its first [receive]; [sendIn] resumes it with a value on the caller's thread and
 * returns once it has suspended at the next [receive].
 *
 * What is kept while it waits is the continuation [receive] captured: the innermost suspended
 * frame's continuation object, linked through `completion` to its callers' frames and, at the top,
 * to this object. Resuming it runs `BaseContinuationImpl.resumeWith`, which calls the innermost
 * frame's `invokeSuspend`; when that frame suspends again it returns `COROUTINE_SUSPENDED` and the
 * call returns to [sendIn]; when it returns a value, the loop resumes its caller's frame with it.
 * This object is the completion of the whole coroutine: [resumeWith] runs when [body] returns or
 * throws (the grep bodies never do).
 */
abstract class SendCoroutine<S : Any> : Continuation<Unit> {
    private var suspended: Continuation<S>? = null
    private var finished = false

    /** The coroutine's code; it takes each value with [receive]. */
    protected abstract suspend fun body()

    override val context: CoroutineContext
        get() = EmptyCoroutineContext

    override fun resumeWith(result: Result<Unit>) {
        finished = true
        result.getOrThrow()
    }

    /** Creates the coroutine of [body] and runs it up to its first [receive]. */
    protected fun runToFirstReceive() {
        val block: suspend () -> Unit = { body() }
        block.createCoroutineUnintercepted(this).resume(Unit)
        check(suspended != null) { "the coroutine finished before its first receive()" }
    }

    /** Suspends the coroutine until [sendIn] hands it a value, and evaluates to that value (`x = yield`). */
    protected suspend fun receive(): S = suspendCoroutineUninterceptedOrReturn { continuation ->
        suspended = continuation
        COROUTINE_SUSPENDED
    }

    /** Resumes the suspended coroutine with [value]; returns when it has suspended again. */
    protected fun sendIn(value: S) {
        val continuation = suspended
            ?: throw IllegalStateException(if (finished) "the coroutine has finished" else "the coroutine is running")
        suspended = null
        continuation.resume(value)
    }
}
