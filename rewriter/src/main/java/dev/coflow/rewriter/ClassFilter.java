package dev.coflow.rewriter;

import java.util.List;

/** Which classes the agent may rewrite, decided from the name alone before any parsing. */
public final class ClassFilter {
    private ClassFilter() {
    }

    /** False for JDK classes, coflow's own runtime, rewriter and agent (relocated ASM included), and excluded prefixes. */
    public static boolean mayRewrite(String internalName, List<String> excludes) {
        if (ClassHierarchy.isPlatform(internalName)) {
            return false;
        }
        if (internalName.startsWith("dev/coflow/")) {
            String rest = internalName.substring("dev/coflow/".length());
            if (rest.indexOf('/') < 0 || rest.startsWith("runtime/") || rest.startsWith("agent/") || rest.startsWith("rewriter/")) {
                return false;
            }
        }
        for (String prefix : excludes) {
            if (internalName.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
