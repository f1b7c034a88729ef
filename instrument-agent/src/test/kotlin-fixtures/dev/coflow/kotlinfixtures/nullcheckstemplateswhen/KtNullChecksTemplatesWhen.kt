// A public function's parameter null checks in its prologue (Intrinsics.checkNotNullParameter), string
// templates with a yield inside, when on a String (a hashCode switch), the elvis operator and safe calls.
@file:JvmName("KtNullChecksTemplatesWhen")

package dev.coflow.kotlinfixtures.nullcheckstemplateswhen

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

@JvmField val EXPECTED: List<Any?> = listOf("hi kt", "mid", "<M>", "two", "elvis", "len")
@JvmField val SENDS: List<Any?> = listOf("back", "M", null, null, "E", 4)
@JvmField val RESULT: Any? = "back/3 <M> 2 E 4"

@Coroutine
fun greet(name: String, n: Int): String {
    val got: String = Coroutines.yield("hi $name")
    return "$got/${name.length + n}"
}

@Coroutine
fun body(): Any? {
    val greeting = greet("kt", 1)
    val template = "<${Coroutines.yield<String>("mid")}>"
    Coroutines.yield<Any?>(template)
    val number = when ("two") {
        "one" -> Coroutines.yield<Any?>("one").let { 1 }
        "two" -> Coroutines.yield<Any?>("two").let { 2 }
        else -> 0
    }
    val absent: String? = null
    val elvis = absent ?: Coroutines.yield<String>("elvis")
    val length: Int? = absent?.length ?: Coroutines.yield<Int>("len")
    return "$greeting $template $number $elvis $length"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
