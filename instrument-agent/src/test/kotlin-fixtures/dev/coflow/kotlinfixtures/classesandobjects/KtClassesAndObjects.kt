// Coroutine methods of a class (open, overridden), an object (@JvmStatic: a static forwarder to the
// instance method), a companion object, an interface with a default method, and an extension function.
@file:JvmName("KtClassesAndObjects")

package dev.coflow.kotlinfixtures.classesandobjects

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

open class Counter(private val start: Int) {
    @Coroutine
    open fun count(n: Int): Int {
        var total = 0
        for (i in start until start + n) {
            total += i
            Coroutines.yield<Any?>("count $i")
        }
        return total
    }
}

class DoublingCounter(start: Int) : Counter(start) {
    @Coroutine
    override fun count(n: Int): Int = 2 * super.count(n)
}

interface Speaker {
    @Coroutine
    fun speak(word: String): String {
        Coroutines.yield<Any?>("speak $word")
        return word.uppercase()
    }
}

class Parrot : Speaker

object Registry {
    @JvmStatic
    @Coroutine
    fun lookup(key: String): String {
        Coroutines.yield<Any?>("lookup $key")
        return "value of $key"
    }
}

class Factory {
    companion object {
        @Coroutine
        fun make(): String {
            Coroutines.yield<Any?>("make")
            return "made"
        }
    }
}

@Coroutine
fun Int.countdown(): Int {
    var i = this
    while (i > 0) {
        Coroutines.yield<Any?>("down $i")
        i--
    }
    return this * 100
}

@JvmField val EXPECTED: List<Any?> = listOf("count 1", "count 2", "count 5", "count 6", "speak hi", "lookup k", "make", "down 2", "down 1")
@JvmField val RESULT: Any? = "3 22 HI value of k made 200"

@Coroutine
fun body(): Any? {
    val counter: Counter = Counter(1)
    val plain = counter.count(2)
    val doubled: Counter = DoublingCounter(5)
    val twice = doubled.count(2)
    val speaker: Speaker = Parrot()
    val spoken = speaker.speak("hi")
    val looked = Registry.lookup("k")
    val made = Factory.make()
    val down = 2.countdown()
    return "$plain $twice $spoken $looked $made $down"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
