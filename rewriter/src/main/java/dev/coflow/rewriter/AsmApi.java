package dev.coflow.rewriter;

import org.objectweb.asm.Opcodes;

/** The one ASM API level that every visitor and analyser of the agent is built with. */
public final class AsmApi {
    private AsmApi() {
    }

    /** ASM 9's API: reads class files up to the newest version the bundled ASM knows (Java 25 and later). */
    public static final int LEVEL = Opcodes.ASM9;
}
