package dev.coflow.peers.kotlin

/**
 * Generators from the Kotlin standard library's builders (`iterator {}`, `sequence {}`), for
 * `GeneratorBenchmark`: an endless generator that yields the given lines round and round, the same
 * loop as `GeneratorBenchmark`'s coflow generator and hand-written iterator.
 */
object KotlinGenerators {
    /** `iterator {}`: the lines, round and round. */
    @JvmStatic
    fun cycleIterator(lines: Array<String>): Iterator<String> = iterator {
        var next = 0
        while (true) {
            val line = lines[next]
            next = if (next + 1 == lines.size) 0 else next + 1
            yield(line)
        }
    }

    /** `sequence {}`: the same loop as a lazy sequence (its iterator is the one `iterator {}` builds). */
    @JvmStatic
    fun cycleSequence(lines: Array<String>): Sequence<String> = sequence {
        var next = 0
        while (true) {
            val line = lines[next]
            next = if (next + 1 == lines.size) 0 else next + 1
            yield(line)
        }
    }

    /** `iterator {}` that yields each of the lines once and ends: for `LifecycleBenchmark`, a generator's whole life. */
    @JvmStatic
    fun eachIterator(lines: Array<String>): Iterator<String> = iterator {
        for (line in lines) {
            yield(line)
        }
    }
}
