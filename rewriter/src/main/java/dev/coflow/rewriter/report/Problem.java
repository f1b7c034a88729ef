package dev.coflow.rewriter.report;

/**
 * The catalogue of everything the agent can refuse or report. Each entry says what is wrong and
 * how to fix it; messages are part of the contract (tests and the README's error table check them).
 * All but the {@linkplain #warning() warnings} leave a method or class as it was.
 */
public enum Problem {
    CONSTRUCTOR(
            "a suspension point in a constructor: an object under construction cannot be suspended and resumed.",
            "make the constructor plain and move the suspending code into a @Coroutine method called after construction."),
    STATIC_INITIALIZER(
            "a suspension point in a static initialiser: the class would stay half-initialised while suspended and other threads would block on it.",
            "move the suspending code into a @Coroutine method called after the class is initialised."),
    SYNCHRONIZED_METHOD(
            "a synchronized @Coroutine method: its monitor would stay held across every suspension.",
            "remove synchronized and guard the state with a lock you release before Coroutines.yield, or yield outside the locked region."),
    YIELD_IN_SYNCHRONIZED_BLOCK(
            "a suspension point inside a synchronized block: the monitor would stay held while the coroutine is suspended.",
            "move Coroutines.yield (or the @Coroutine call) out of the synchronized block, or use a lock you release before yielding."),
    NATIVE_METHOD(
            "@Coroutine on a native method: there is no bytecode to rewrite.",
            "remove @Coroutine, or call the native method from a @Coroutine method."),
    UNINITIALIZED_ACROSS_SUSPENSION(
            "an object under construction (new ... before its constructor call) is live across a suspension point in a shape the rewriter cannot move.",
            "compute the constructor's arguments into local variables before new; the shapes javac, ECJ and kotlinc emit are all moved, so this one comes from a bytecode generator or an obfuscator: change what it emits there."),
    RECEIVER_OVERWRITTEN(
            "the method stores into local slot 0, where its receiver lives; the rewriter keeps the receiver there.",
            "do not reassign slot 0 (this javac never emits; check the tool that generated the class)."),
    CLASS_VERSION_TOO_OLD(
            "the class file is older than Java 8 (version 52): its frames cannot be verified safely after rewriting.",
            "recompile the class with --release 8 or newer."),
    CLASS_VERSION_TOO_NEW(
            "the class file is newer than the class-file versions the agent's bundled ASM can read; the class was left as it was.",
            "compile the class for an older release (javac --release N), or use a coflow build whose ASM reads this version."),
    CLASS_FILE_MALFORMED(
            "the class file could not be parsed (truncated or malformed); the class was left as it was, for the JVM to accept or reject.",
            "check the tool that produced or copied the class file (an incomplete download, a broken jar entry, a bytecode generator)."),
    METHOD_TOO_LARGE(
            "the rewritten method exceeds the JVM's 64 KB code limit (the spill and resume code of every suspension point adds to it); the method was left as it was.",
            "split the method into smaller @Coroutine methods, or move code between its suspension points into plain helper methods."),
    JUMPS_TOO_FAR(
            "the rewritten method is over 32 KB and the bundled ASM failed to encode its far jumps (goto_w); the method was left as it was.",
            "split the method into smaller @Coroutine methods (under about 30 KB of bytecode once rewritten), and report it with -javaagent:...=dump=DIR."),
    CLASS_TOO_LARGE(
            "the rewritten class exceeds a class-file limit (more than 65535 constant-pool entries); the class was left as it was.",
            "split the class, or move some of its @Coroutine methods into another class."),
    ANALYSIS_FAILED(
            "the method's bytecode could not be analysed.",
            "report this with the class file (run with -javaagent:...=dump=DIR); meanwhile move the suspending code into a simpler method."),
    ANALYSIS_TOO_COSTLY(
            "the method is too large or has too many paths for the rewriter's analysis: ASM stopped at its compute limit (operations or bytes allocated); the method was left as it was.",
            "split the method into smaller @Coroutine methods, or move code between its suspension points into plain helper methods."),
    VERIFY_FAILED(
            "the rewritten class failed ASM's verification (verify=true).",
            "report this with the dump (run with -javaagent:...=dump=DIR); the class was left as it was."),
    /** A warning: the method was rewritten and runs exactly, but its rewritten body crossed HotSpot's {@code HugeMethodLimit}. */
    TOO_LARGE_TO_COMPILE(true,
            "rewritten, the method is over HotSpot's limit of 8000 bytes of bytecode for compiling a method, which it was under before: the JIT never compiles that body, so it runs interpreted, several times slower.",
            "move code between its suspension points into plain helper methods, or split it into smaller @Coroutine methods, until the warning goes (each suspension point adds the restore of the locals live there to the resume body); or run the JVM with -XX:-DontCompileHugeMethods, which lets the JIT try (it can still give up on a body far over the limit).");

    private final boolean warning;
    private final String message;
    private final String fix;

    Problem(String message, String fix) {
        this(false, message, fix);
    }

    Problem(boolean warning, String message, String fix) {
        this.warning = warning;
        this.message = message;
        this.fix = fix;
    }

    /** Whether this is a warning about a method that was rewritten (and runs exactly), not a refusal or an error. */
    public boolean warning() {
        return warning;
    }

    /** What is wrong. */
    public String message() {
        return message;
    }

    /** How to fix it. */
    public String fix() {
        return fix;
    }

    /** The problem an analysis that threw {@code e} reports: its compute limit reached (ASM's {@code LimitExceededException}), or a failure. */
    public static Problem analysisFailure(Throwable e) {
        return e instanceof org.objectweb.asm.LimitExceededException ? ANALYSIS_TOO_COSTLY : ANALYSIS_FAILED;
    }
}
