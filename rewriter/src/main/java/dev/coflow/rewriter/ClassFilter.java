package dev.coflow.rewriter;

import java.util.List;

/** Which classes the agent may rewrite, decided from the name alone before any parsing. */
public final class ClassFilter {
    private ClassFilter() {
    }

    /**
     * Whether a build may rewrite a class of its own output ({@link DirectoryRewriter}): as {@link #mayRewrite},
     * but the agent's package is not special there. The agent must never rewrite itself at class load; a build
     * that compiles classes under {@code dev.coflow.agent} (coflow's own test fixtures) rewrites them as any other.
     */
    public static boolean mayRewriteAtBuildTime(String internalName, List<String> excludes) {
        boolean agentPackage = internalName.startsWith("dev/coflow/agent/") && !internalName.startsWith("dev/coflow/agent/internal/");
        return agentPackage ? excludes.stream().noneMatch(internalName::startsWith) : mayRewrite(internalName, excludes);
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
