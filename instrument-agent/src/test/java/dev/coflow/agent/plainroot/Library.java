package dev.coflow.agent.plainroot;

/** Library code the agent never rewrites: it calls a Runnable and goes on. */
public final class Library {
    private Library() {
    }

    public static void call(Runnable callback) {
        callback.run();
        PlainRoot.LOG.add("library after callback");
    }
}
