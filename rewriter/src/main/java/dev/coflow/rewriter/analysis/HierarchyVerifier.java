package dev.coflow.rewriter.analysis;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.ClassHierarchy;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@code SimpleVerifier} with every class-hierarchy question answered by {@link ClassHierarchy}
 * from class-file bytes, so that analysing a method never loads a class. It gives each local and
 * stack value its precise type (the type the restore code casts back to). The input was verified
 * by javac and will be by the JVM, so reference subtyping checks are not repeated here.
 */
final class HierarchyVerifier extends SimpleVerifier {
    private final ClassHierarchy hierarchy;

    HierarchyVerifier(ClassHierarchy hierarchy, String owner, String superName, List<String> interfaces, boolean isInterface) {
        super(AsmApi.LEVEL, Type.getObjectType(owner), superName == null ? null : Type.getObjectType(superName),
                interfaces.stream().map(Type::getObjectType).toList(), isInterface);
        this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
        Type expectedType = expected.getType();
        Type type = value.getType();
        if (expectedType != null && type != null && isReferenceSort(expectedType) && isReferenceSort(type)) {
            return true;
        }
        return super.isSubTypeOf(value, expected);
    }

    @Override
    protected boolean isInterface(Type type) {
        return type.getSort() == Type.OBJECT && hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        if (type.getSort() != Type.OBJECT) {
            return Type.getObjectType("java/lang/Object");
        }
        String superName = hierarchy.superName(type.getInternalName());
        return superName == null ? null : Type.getObjectType(superName);
    }

    @Override
    protected boolean isAssignableFrom(Type type1, Type type2) {
        if (type1.equals(type2)) {
            return true;
        }
        if (type1.getSort() == Type.OBJECT && type1.getInternalName().equals("java/lang/Object")) {
            return isReferenceSort(type2);
        }
        if (type1.getSort() == Type.ARRAY) {
            if (type2.getSort() != Type.ARRAY) {
                return false;
            }
            Type e1 = type1.getElementType();
            Type e2 = type2.getElementType();
            int d1 = type1.getDimensions();
            int d2 = type2.getDimensions();
            if (d1 == d2) {
                return isReferenceSort(e1) && isReferenceSort(e2) && isAssignableFrom(e1, e2);
            }
            if (d1 < d2) {
                // T[] with fewer dimensions accepts deeper arrays only through Object/Cloneable/Serializable elements
                return e1.getSort() == Type.OBJECT && isArrayInterfaceOrObject(e1.getInternalName());
            }
            return false;
        }
        if (type2.getSort() == Type.ARRAY) {
            return type1.getSort() == Type.OBJECT && isArrayInterfaceOrObject(type1.getInternalName());
        }
        if (type1.getSort() != Type.OBJECT || type2.getSort() != Type.OBJECT) {
            return false;
        }
        return hierarchy.isSubtype(type2.getInternalName(), type1.getInternalName());
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new IllegalStateException("coflow never loads classes while rewriting (asked for " + type + ")");
    }

    private static boolean isArrayInterfaceOrObject(String internalName) {
        return internalName.equals("java/lang/Object") || internalName.equals("java/lang/Cloneable")
                || internalName.equals("java/io/Serializable");
    }

    private static boolean isReferenceSort(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }
}
