// Kotlin lambdas as the bodies of coroutines and generators (SAM-converted to Runnable and Supplier, compiled
// as invokedynamic with bodies named body$lambda$N, not javac's lambda$body$N), driven from a coroutine.
@file:JvmName("KtLambdasAsBodies")

package dev.coflow.kotlinfixtures.lambdasasbodies

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

@JvmField val EXPECTED: List<Any?> = listOf(10, 20, "inner 1", "inner 2")
@JvmField val RESULT: Any? = "inner done"

@Coroutine
fun body(): Any? {
    for (x in Coroutines.generate<Int>(Runnable { Coroutines.yield<Any?>(1); Coroutines.yield<Any?>(2) })) {
        Coroutines.yield<Any?>(x * 10)
    }
    val inner = Coroutines.create<Any?, Any?>(Supplier {
        Coroutines.yield<Any?>("inner 1")
        Coroutines.yield<Any?>("inner 2")
        "inner done"
    })
    return Coroutines.yieldFrom<Any?>(inner)
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })

@Coroutine
fun helper(): Any? {
    Coroutines.yield<Any?>("helper")
    return "helped"
}

/** A coroutine whose body, a Kotlin lambda, calls a @Coroutine function that yields (KotlinCompiledTest, class lambdas). */
fun throughLambda(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { helper() })
