package dev.coflow.peers.kotlin

import dev.coflow.peers.GrepStep

/**
 * The grep step as a Kotlin coroutine with the chain standing, on [SendCoroutine] (the standard
 * library's intrinsics only). Depth as in `SwitchBenchmark`: N suspend frames on the chain, the
 * yielding loop included. Depth 1: the body calls the loop [grep]; depth N >= 2: it calls `down(N)`,
 * which calls `down(N - 1)` ... `down(3)` → `down(2)` → [grep]. Every `down` frame keeps a `Long` and
 * a reference live across its call, as `SwitchBenchmark.Counter.down` does; the loop never returns,
 * so the chain stands and each [send] resumes only the loop's frame.
 */
class KotlinGrep private constructor(private val depth: Int, private val pattern: String) :
    SendCoroutine<String>(), GrepStep {
    private var count = 0
    private var sink = 0

    override fun send(line: String) = sendIn(line)

    override fun count(): Int = count

    override fun sink(): Int = sink

    override suspend fun body() {
        if (depth == 1) {
            grep(pattern)
        } else {
            down(depth, pattern)
        }
    }

    private suspend fun grep(pattern: String) {
        while (true) {
            val line = receive()
            if (line.contains(pattern)) {
                count++
            }
        }
    }

    private suspend fun down(depth: Int, pattern: String) {
        val kept = depth.toLong()
        val also = pattern
        if (depth <= 2) {
            grep(pattern)
        } else {
            down(depth - 1, pattern)
        }
        sink += kept.toInt() + also.length
    }

    companion object {
        /** A coroutine run up to its first suspension (waiting for a line). */
        @JvmStatic
        fun start(depth: Int, pattern: String): KotlinGrep {
            require(depth >= 1) { "depth must be at least 1: $depth" }
            val grep = KotlinGrep(depth, pattern)
            grep.runToFirstReceive()
            return grep
        }
    }
}
