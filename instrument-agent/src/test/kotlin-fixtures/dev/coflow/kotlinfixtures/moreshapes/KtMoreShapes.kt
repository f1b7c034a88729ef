// An anonymous object implementing a coroutine method of an interface, called through the interface; when over a
// sealed hierarchy; a value class parameter (kotlinc mangles the method's name); a user's own inline function whose
// lambda yields; a tailrec coroutine function (kotlinc turns the recursion into a loop); a lateinit property set
// across a yield; a generic function.
@file:JvmName("KtMoreShapes")

package dev.coflow.kotlinfixtures.moreshapes

import dev.coflow.Coroutine
import dev.coflow.CoroutineHandle
import dev.coflow.Coroutines
import java.util.function.Supplier

interface Source {
    @Coroutine
    fun next(prefix: String): String
}

sealed interface Shape
data class Circle(val r: Int) : Shape
data class Square(val side: Int) : Shape
object Dot : Shape

@JvmInline
value class Meters(val value: Int)

@Coroutine
fun walk(distance: Meters): Int = Coroutines.yield<Int>("walk ${distance.value}") + distance.value

inline fun <T> twice(block: (Int) -> T): List<T> = listOf(block(1), block(2))

@Coroutine
tailrec fun countDown(n: Int, acc: Int = 0): Int {
    if (n == 0) return acc
    Coroutines.yield<Any?>("tail $n")
    return countDown(n - 1, acc + n)
}

@Coroutine
fun <T> echo(value: T): T {
    Coroutines.yield<Any?>("echo $value")
    return value
}

class Holder {
    lateinit var name: String
}

@JvmField val EXPECTED: List<Any?> = listOf(
    "anon a", "circle 2", "square 3", "dot", "walk 5", "twice 1", "twice 2", "tail 2", "tail 1", "echo [1, 2]", "late")
@JvmField val SENDS: List<Any?> = listOf("A", 20, 30, 40, 7, "x", "y", null, null, null, "L")
@JvmField val RESULT: Any? = "aA 20 30 40 12 [x, y] 3 [1, 2] L"

@Coroutine
fun body(): Any? {
    val source: Source = object : Source {
        @Coroutine
        override fun next(prefix: String): String = prefix + Coroutines.yield<String>("anon $prefix")
    }
    val fromAnon = source.next("a")
    val shapes: List<Shape> = listOf(Circle(2), Square(3), Dot)
    val areas = ArrayList<Int>()
    for (shape in shapes) {
        areas += when (shape) {
            is Circle -> Coroutines.yield<Int>("circle ${shape.r}")
            is Square -> Coroutines.yield<Int>("square ${shape.side}")
            Dot -> Coroutines.yield<Int>("dot")
        }
    }
    val walked = walk(Meters(5))
    val both = twice { Coroutines.yield<String>("twice $it") }
    val counted = countDown(2)
    val echoed = echo(listOf(1, 2))
    val holder = Holder()
    holder.name = Coroutines.yield("late")
    return "$fromAnon ${areas.joinToString(" ")} $walked $both $counted $echoed ${holder.name}"
}

/** The coroutine of body(), started from a Kotlin lambda that calls it directly (how KotlinUnderAgentIT starts it). */
fun start(): CoroutineHandle<Any?, Any?> = Coroutines.create(Supplier { body() })
