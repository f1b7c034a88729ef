// Default arguments of coroutine methods of a class (an instance method: f$default takes the receiver first)
// and of an interface (kotlinc puts speak$default beside the interface's default method).
@file:JvmName("KtInterfaceDefaults")

package dev.coflow.kotlinfixtures.interfacedefaults

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

interface Speaker {
    @Coroutine
    fun speak(word: String = "hi", times: Int = 1): String {
        var out = word
        repeat(times) { out += Coroutines.yield<String>("speak $word") }
        return out
    }
}

class Parrot : Speaker

class Shouter(private val suffix: String) {
    @Coroutine
    fun shout(word: String = "hey"): String = Coroutines.yield<String>("shout $word") + suffix
}

@JvmField val EXPECTED: List<Any?> = listOf("speak hi", "speak yo", "speak yo", "shout hey")
@JvmField val SENDS: List<Any?> = listOf("1", "2", "3", "4")
@JvmField val RESULT: Any? = "hi1 yo23 4!"

@Coroutine
fun body(): Any? {
    val speaker: Speaker = Parrot()
    val a = speaker.speak()
    val b = speaker.speak("yo", 2)
    val c = Shouter("!").shout()
    return "$a $b $c"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
