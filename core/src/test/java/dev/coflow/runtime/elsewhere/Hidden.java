package dev.coflow.runtime.elsewhere;

import dev.coflow.runtime.Context;
import java.util.List;
import java.util.function.Function;

/** For {@code VirtualCallTest}: an implementation the call site's class cannot name (package-private, another package). */
public final class Hidden {
    private Hidden() {
    }

    /** An object of a package-private class with an entry, whose calls are recorded in {@code seen} through {@code describe}. */
    public static VirtualCallTest_Face make(List<String> seen, Function<Context, String> describe) {
        return new Impl(seen, describe);
    }

    /** The interface of the test, public so that this package can implement it. */
    public interface VirtualCallTest_Face {
        String m(String s);
    }

    static final class Impl implements VirtualCallTest_Face {
        private final List<String> seen;
        private final Function<Context, String> describe;

        Impl(List<String> seen, Function<Context, String> describe) {
            this.seen = seen;
            this.describe = describe;
        }

        @Override
        public String m(String s) {
            seen.add("hidden m");
            return "hidden m " + s;
        }

        public String coflow$call$m(String s, Context context) {
            seen.add("hidden entry " + describe.apply(context));
            return "hidden entry " + s;
        }
    }
}
