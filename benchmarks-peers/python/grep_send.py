#!/usr/bin/env python3
"""The benchmarks' grep step on CPython's generators: a reference for readers who come from Python,
not a JVM peer (another language, another runtime, no JIT).

One operation hands a short line to a suspended generator with send(); it resumes, counts the line if
it contains "ERROR", and suspends again before send returns. The shapes are SwitchBenchmark's and
PeerBenchmark's:

* handwritten: the floor, Beazley's GrepHandler as a plain class with a send method;
* depthN: the chain stands; the yielding loop is N generators deep (depth 1: the loop itself; N >= 2:
  down(N) delegates with `yield from` to down(N - 1) ... down(2) to the loop), every down frame keeping
  an int and a reference live across its delegation;
* rebuiltDepthN: the loop calls receive(N) with `yield from` for every line, receive(N) calls
  receive(N - 1) ... receive(1), which yields; after the resume every frame returns the line (each
  adding its depth and the pattern's length to a side counter), so N generators are made per line.

Each shape runs its sends in rounds timed with time.thread_time_ns, the CPU time of this (single)
thread: on an idle machine the same as wall time, and on a shared, busy one it leaves out the time the
thread waited for a core. The figure is the median round's ns per send, and the ratio is to the
handwritten floor's median of the same run. Every round's loop (`for`, indexing LINES[i & 3], the call)
is the same for every shape, floor included.

    python3 grep_send.py [--quick] [--json FILE]
"""

import argparse
import json
import platform
import statistics
import sys
import time

LINES = ("INFO all good", "ERROR disk full", "DEBUG cache warm", "WARN slow query")
PATTERN = "ERROR"


class Counter:
    __slots__ = ("count", "sink")

    def __init__(self):
        self.count = 0
        self.sink = 0


class GrepHandler:
    """The floor: the grep step as a plain object."""

    __slots__ = ("pattern", "count")

    def __init__(self, pattern):
        self.pattern = pattern
        self.count = 0

    def send(self, line):
        if self.pattern in line:
            self.count += 1


def grep(counter, pattern):
    while True:
        line = yield
        if pattern in line:
            counter.count += 1


def down(counter, depth, pattern):
    kept = depth
    also = pattern
    if depth <= 2:
        yield from grep(counter, pattern)
    else:
        yield from down(counter, depth - 1, pattern)
    counter.sink += kept + len(also)


def receive(counter, depth, pattern):
    kept = depth
    also = pattern
    if depth <= 1:
        line = yield
    else:
        line = yield from receive(counter, depth - 1, pattern)
    counter.sink += kept + len(also)
    return line


def rebuilt(counter, depth, pattern):
    while True:
        line = yield from receive(counter, depth, pattern)
        if pattern in line:
            counter.count += 1


def started(generator):
    next(generator)
    return generator


def standing_step(depth):
    counter = Counter()
    generator = grep(counter, PATTERN) if depth == 1 else down(counter, depth, PATTERN)
    return started(generator).send, counter


def rebuilt_step(depth):
    counter = Counter()
    return started(rebuilt(counter, depth, PATTERN)).send, counter


def handwritten_step():
    handler = GrepHandler(PATTERN)
    return handler.send, handler


def timed_round(send, n):
    lines = LINES
    start = time.thread_time_ns()
    for i in range(n):
        send(lines[i & 3])
    return (time.thread_time_ns() - start) / n


def measure(make, n, rounds, warmup):
    send, counter = make()
    for _ in range(warmup):
        timed_round(send, n)
    times = [timed_round(send, n) for _ in range(rounds)]
    sent = n * (warmup + rounds)
    # Every shape counted what the floor counts: one line in four contains the pattern.
    if counter.count != sent // 4:
        raise AssertionError("counted %d of %d lines, expected %d" % (counter.count, sent, sent // 4))
    return statistics.median(times), min(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer and shorter rounds, for checking the pipeline")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    n, rounds, warmup = (20_000, 3, 1) if args.quick else (200_000, 7, 2)
    shapes = [("handwritten", handwritten_step)]
    for depth in (1, 10, 50):
        shapes.append(("depth%d" % depth, lambda d=depth: standing_step(d)))
    for depth in (1, 10, 50):
        shapes.append(("rebuiltDepth%d" % depth, lambda d=depth: rebuilt_step(d)))
    results = []
    floor = None
    for name, make in shapes:
        median, low, high = measure(make, n, rounds, warmup)
        floor = median if floor is None else floor
        results.append({"name": name, "ns": round(median, 2), "min": round(low, 2), "max": round(high, 2),
                        "ratio": round(median / floor, 3)})
        print("cpython %-16s %9.1f ns/send  (%.1fx handwritten; rounds %.1f-%.1f)" % (name, median, median / floor, low, high))
    report = {
        "implementation": platform.python_implementation(),
        "version": platform.python_version(),
        "jvm": False,
        "note": "reference only, not a JVM peer: CPython generator send() on the grep step",
        "clock": "time.thread_time_ns (CPU time of the thread)",
        "sendsPerRound": n,
        "rounds": rounds,
        "warmupRounds": warmup,
        "results": results,
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=1)
            out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
