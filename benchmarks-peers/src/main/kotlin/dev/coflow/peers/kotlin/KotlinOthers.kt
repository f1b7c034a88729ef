package dev.coflow.peers.kotlin

/**
 * Kotlin coroutines of many suspend functions, for `MixedSwitchBenchmark`: driving them before a
 * measurement makes the standard library's one call site that resumes a frame
 * (`BaseContinuationImpl.resumeWith` calling `invokeSuspend`) meet many continuation classes, as it
 * does in any program with more than a couple of suspend functions, so that the JIT compiles it as a
 * megamorphic call instead of inlining the one benchmark's frame into it. Each of [m0] ... [m7] is
 * its own suspend function with its own continuation class; [rebuiltOthers] calls [once] per value,
 * whose frame finishes on every resume, as in a rebuilt chain.
 */
class KotlinOthers private constructor(private val which: Int) : SendCoroutine<Int>() {
    /** What the coroutines added up: the caller checks it is not 0, so the work is not dead. */
    var sum = 0L
        private set

    fun send(value: Int) = sendIn(value)

    override suspend fun body() {
        when (which) {
            0 -> m0()
            1 -> m1()
            2 -> m2()
            3 -> m3()
            4 -> m4()
            5 -> m5()
            6 -> m6()
            7 -> m7()
            else -> rebuiltOthers(1)
        }
    }

    private suspend fun m0() { while (true) sum += receive() }
    private suspend fun m1() { while (true) sum += receive() + 1 }
    private suspend fun m2() { while (true) sum += receive() + 2 }
    private suspend fun m3() { while (true) sum += receive() + 3 }
    private suspend fun m4() { while (true) sum += receive() + 4 }
    private suspend fun m5() { while (true) sum += receive() + 5 }
    private suspend fun m6() { while (true) sum += receive() + 6 }
    private suspend fun m7() { while (true) sum += receive() + 7 }

    private suspend fun once(k: Int): Int = receive() + k

    private suspend fun rebuiltOthers(k: Int) {
        while (true) sum += once(k)
    }

    companion object {
        /** How many coroutines [all] starts: eight loops of their own and one rebuilt chain. */
        const val COUNT = 9

        /** The coroutines, each run up to its first suspension. */
        @JvmStatic
        fun all(): List<KotlinOthers> = (0 until COUNT).map { i -> KotlinOthers(i).also { it.runToFirstReceive() } }
    }
}
