package dev.coflow.peers.kotlin

import dev.coflow.peers.GrepStep

/**
 * The grep step as a Kotlin coroutine with the chain rebuilt for every line, on [SendCoroutine]:
 * the body's loop calls `receiveAt(N)` → `receiveAt(N - 1)` ... → `receiveAt(1)`, which suspends;
 * after the resume every frame returns the line, adding its `Long` and the pattern's length to
 * [sink], and the loop calls down again before the next suspension. The same shape as
 * `KilimRebuiltGrep` and `OffbynullRebuiltGrep`. Kotlin allocates a continuation object for every
 * call of a suspend function that has a state machine, so each line costs N new frames here.
 */
class KotlinRebuiltGrep private constructor(private val depth: Int, private val pattern: String) :
    SendCoroutine<String>(), GrepStep {
    private var count = 0
    private var sink = 0

    override fun send(line: String) = sendIn(line)

    override fun count(): Int = count

    override fun sink(): Int = sink

    override suspend fun body() {
        while (true) {
            val line = receiveAt(depth, pattern)
            if (line.contains(pattern)) {
                count++
            }
        }
    }

    private suspend fun receiveAt(depth: Int, pattern: String): String {
        val kept = depth.toLong()
        val also = pattern
        val line = if (depth <= 1) receive() else receiveAt(depth - 1, pattern)
        sink += kept.toInt() + also.length
        return line
    }

    companion object {
        /** A coroutine run up to its first suspension (waiting for a line). */
        @JvmStatic
        fun start(depth: Int, pattern: String): KotlinRebuiltGrep {
            require(depth >= 1) { "depth must be at least 1: $depth" }
            val grep = KotlinRebuiltGrep(depth, pattern)
            grep.runToFirstReceive()
            return grep
        }
    }
}
