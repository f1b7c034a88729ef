package dev.coflow.runtime.elsewhere;

import dev.coflow.runtime.Context;

/** For {@code VirtualCallTest}: an implementation with an entry, loaded again by a child loader (a plug-in's class). */
public class Plugin implements Hidden.VirtualCallTest_Face {
    @Override
    public String m(String s) {
        return "plugin m " + s;
    }

    public String coflow$call$m(String s, Context context) {
        return "plugin entry " + s;
    }
}
