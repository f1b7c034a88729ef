package dev.coflow.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Not API. The bootstrap method of the {@code invokedynamic} that each suspension point of a
 * rewritten method uses to get its {@link ResumePoint}. It runs once per call site; afterwards the
 * site is a constant.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    private static final MethodType POINT_TYPE = MethodType.methodType(void.class, int.class, String.class, String.class,
            String.class, String.class, int.class);

    /**
     * The constructor of the {@link ResumePoint} subclass calling each resume adapter of a class, by the
     * adapter's name: one hidden class per adapter, shared by the method's suspension points.
     */
    private static final ClassValue<Map<String, MethodHandle>> POINT_CLASSES = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * Static arguments: the resume adapter (a {@code MethodHandle}), the owner's internal name, the
     * method's name, its descriptor, the source file name ({@code ""} if unknown), the suspension
     * point's state (from 1) and its source line ({@code -1} if unknown).
     */
    public static CallSite resumePoint(MethodHandles.Lookup lookup, String name, MethodType type, Object... args) throws Throwable {
        MethodHandle adapter = (MethodHandle) args[0];
        MethodHandle make = pointConstructor(lookup, lookup.revealDirect(adapter));
        ResumePoint info = (ResumePoint) make.invoke((int) (Integer) args[5], ((String) args[1]).intern(),
                ((String) args[2]).intern(), ((String) args[3]).intern(), (String) args[4], (int) (Integer) args[6]);
        return new ConstantCallSite(MethodHandles.constant(ResumePoint.class, info));
    }

    /** The constructor of the point class of {@code adapter}, a static method of the lookup's class: defined on first use. */
    private static MethodHandle pointConstructor(MethodHandles.Lookup lookup, MethodHandleInfo adapter) throws ReflectiveOperationException {
        Class<?> host = lookup.lookupClass();
        if (adapter.getDeclaringClass() != host || adapter.getReferenceKind() != MethodHandleInfo.REF_invokeStatic) {
            throw new IllegalArgumentException("coflow internal error: the resume adapter " + adapter
                    + " is not a static method of " + host.getName());
        }
        Map<String, MethodHandle> byAdapter = POINT_CLASSES.get(host);
        MethodHandle made = byAdapter.get(adapter.getName());
        if (made != null) {
            return made;
        }
        String hostName = host.getName().replace('.', '/');
        byte[] bytes = ResumePointClass.bytes(hostName + ResumePointClass.NAME_SUFFIX, hostName, host.isInterface(), adapter.getName());
        MethodHandles.Lookup point = lookup.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
        made = point.findConstructor(point.lookupClass(), POINT_TYPE);
        MethodHandle raced = byAdapter.putIfAbsent(adapter.getName(), made);
        return raced != null ? raced : made;
    }
}
