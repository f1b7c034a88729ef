package dev.coflow.groovyfixtures

import dev.coflow.Coroutine
import dev.coflow.Coroutines
import groovy.transform.CompileStatic

@CompileStatic
class GStatic {
    @Coroutine
    static int helper(int x) {
        Integer got = (Integer) Coroutines.yield("helper " + x)
        return got + x
    }

    @Coroutine
    static Object body() {
        int sum = 0
        for (int i = 0; i < 3; i++) {
            Coroutines.yield(i)
            sum += i
        }
        int h = helper(10)
        String s = "gstring ${Coroutines.yield('in gstring')}"
        try {
            Coroutines.yield("in try")
            throw new IllegalStateException("boom")
        } catch (IllegalStateException e) {
            Coroutines.yield("caught " + e.message)
        } finally {
            Coroutines.yield("finally")
        }
        return "sum " + sum + " h " + h + " " + s
    }
}

class GDynamic {
    @Coroutine
    static Object body() {
        Coroutines.yield("dynamic")
        return "done"
    }

    @Coroutine
    static Object calling() {
        return GStatic.helper(1)
    }
}
