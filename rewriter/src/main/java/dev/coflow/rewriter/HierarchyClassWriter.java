package dev.coflow.rewriter;

import org.objectweb.asm.ClassWriter;

/**
 * A {@code ClassWriter} that computes frames with {@link ClassHierarchy} instead of loading classes
 * (ASM's default {@code getCommonSuperClass} calls {@code Class.forName}).
 */
public final class HierarchyClassWriter extends ClassWriter {
    private final ClassHierarchy hierarchy;

    public HierarchyClassWriter(ClassHierarchy hierarchy) {
        super(COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
