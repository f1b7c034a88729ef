package dev.coflow.rewriter;

import org.objectweb.asm.ClassReader;
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
        AsmApi.limited(this);
    }

    /** Seeded with {@code reader}'s constant pool, computing what {@code flags} says (changed per method with {@code setFlags}). */
    public HierarchyClassWriter(ClassReader reader, ClassHierarchy hierarchy, int flags) {
        super(reader, flags);
        this.hierarchy = hierarchy;
        AsmApi.limited(this);
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
