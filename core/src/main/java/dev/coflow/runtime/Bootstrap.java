package dev.coflow.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Not API. The bootstrap method of the {@code invokedynamic} that each suspension point of a
 * rewritten method uses to get its {@link ResumePoint}. It runs once per call site; afterwards the
 * site is a constant.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    private static final MethodType RESUME_TYPE = MethodType.methodType(void.class, Frame.class, Context.class, Object.class);

    /**
     * Static arguments: the resume adapter (a {@code MethodHandle}), the owner's internal name, the
     * method's name, its descriptor, the source file name ({@code ""} if unknown), the suspension
     * point's state (from 1) and its source line ({@code -1} if unknown).
     */
    public static CallSite resumePoint(MethodHandles.Lookup lookup, String name, MethodType type, Object... args) throws Throwable {
        MethodHandle adapter = (MethodHandle) args[0];
        Resumer code = (Resumer) LambdaMetafactory.metafactory(lookup, "resume", MethodType.methodType(Resumer.class),
                RESUME_TYPE, adapter, RESUME_TYPE).getTarget().invoke();
        ResumePoint info = new ResumePoint(code, (Integer) args[5], ((String) args[1]).intern(), ((String) args[2]).intern(),
                ((String) args[3]).intern(), (String) args[4], (Integer) args[6]);
        return new ConstantCallSite(MethodHandles.constant(ResumePoint.class, info));
    }
}
