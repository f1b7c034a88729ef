package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Every name and descriptor the agent emits exists in the runtime, so a rename fails the build here. */
class BytecodeContractTest {

    private static Class<?> type(String internalName) throws ClassNotFoundException {
        return Class.forName(internalName.replace('/', '.'));
    }

    private static Method method(String owner, String name, String descriptor) throws Exception {
        Class<?> cls = type(owner);
        MethodType wanted = MethodType.fromMethodDescriptorString(descriptor, cls.getClassLoader());
        for (Method m : cls.getDeclaredMethods()) {
            if (m.getName().equals(name) && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).equals(wanted)) {
                return m;
            }
        }
        throw new AssertionError("no " + owner + "#" + name + descriptor);
    }

    @Test
    void contract_staticEntryPointsExistAndArePublicStatic() throws Exception {
        String[][] entries = {
            {BytecodeContract.SUSPENSION, BytecodeContract.CURRENT, BytecodeContract.CURRENT_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.SUSPEND_YIELD, BytecodeContract.SUSPEND_YIELD_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.OBTAIN_FRAME, BytecodeContract.OBTAIN_FRAME_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.OBTAIN_ARRAYS_FRAME, BytecodeContract.OBTAIN_ARRAYS_FRAME_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.STOP_AT, BytecodeContract.STOP_AT_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.PUSH, BytecodeContract.PUSH_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.PUSH_NEW, BytecodeContract.PUSH_NEW_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.BAD_STATE, BytecodeContract.BAD_STATE_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ENTER, BytecodeContract.ENTER_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ENTER_FORWARDED, BytecodeContract.ENTER_FORWARDED_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ARM, BytecodeContract.ARM_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ARM_VIRTUAL, BytecodeContract.ARM_RECEIVER_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ARM_SPECIAL, BytecodeContract.ARM_SPECIAL_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ENTER_INSTANCE, BytecodeContract.ENTER_INSTANCE_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ENTER_PRIVATE, BytecodeContract.ENTER_PRIVATE_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.ENTER_REFUSED, BytecodeContract.ENTER_REFUSED_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.CALLED, BytecodeContract.CALLED_DESCRIPTOR},
            {BytecodeContract.SUSPENSION, BytecodeContract.DISARM, BytecodeContract.DISARM_DESCRIPTOR},
            {BytecodeContract.ENTRY_POINTS, BytecodeContract.ENTRY_POINT_MARK, BytecodeContract.ENTRY_POINT_MARK_DESCRIPTOR},
            {BytecodeContract.ENTRY_POINTS, BytecodeContract.ENTRY_POINT_BEGIN, BytecodeContract.ENTRY_POINT_BEGIN_DESCRIPTOR},
            {BytecodeContract.BOOTSTRAP, BytecodeContract.RESUME_POINT_BOOTSTRAP, BytecodeContract.RESUME_POINT_BOOTSTRAP_DESCRIPTOR},
            {BytecodeContract.COROUTINES, BytecodeContract.YIELD, BytecodeContract.YIELD_VALUE_DESCRIPTOR},
            {BytecodeContract.COROUTINES, BytecodeContract.YIELD, BytecodeContract.YIELD_NOTHING_DESCRIPTOR},
            {BytecodeContract.COROUTINES, BytecodeContract.YIELD_FROM, BytecodeContract.YIELD_FROM_DESCRIPTOR},
            {BytecodeContract.COROUTINES, BytecodeContract.YIELD_ALL, BytecodeContract.YIELD_ALL_DESCRIPTOR},
        };
        for (String[] e : entries) {
            Method m = method(e[0], e[1], e[2]);
            assertTrue(Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()), m.toString());
        }
    }

    @Test
    void contract_contextTakeMethodsAndFieldsExist() throws Exception {
        String[][] takes = {
            {BytecodeContract.TAKE_REF, BytecodeContract.TAKE_REF_DESCRIPTOR},
            {BytecodeContract.TAKE_LONG, BytecodeContract.TAKE_LONG_DESCRIPTOR},
            {BytecodeContract.TAKE_INT, BytecodeContract.TAKE_INT_DESCRIPTOR},
            {BytecodeContract.TAKE_FLOAT, BytecodeContract.TAKE_FLOAT_DESCRIPTOR},
            {BytecodeContract.TAKE_DOUBLE, BytecodeContract.TAKE_DOUBLE_DESCRIPTOR},
            {BytecodeContract.TAKE_VOID, BytecodeContract.TAKE_VOID_DESCRIPTOR},
            {BytecodeContract.RESULT_LONG, BytecodeContract.RESULT_LONG_DESCRIPTOR},
            {BytecodeContract.PUSH_IN_PLACE, BytecodeContract.PUSH_IN_PLACE_DESCRIPTOR},
        };
        for (String[] t : takes) {
            Method m = method(BytecodeContract.CONTEXT, t[0], t[1]);
            assertTrue(Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()), m.toString());
        }
        assertField(BytecodeContract.CONTEXT, BytecodeContract.CONTEXT_SUSPENDING, boolean.class);
        assertField(BytecodeContract.CONTEXT, BytecodeContract.CONTEXT_VALUE_REF, Object.class);
        assertField(BytecodeContract.FRAME, BytecodeContract.FRAME_POINT, ResumePoint.class);
        assertField(BytecodeContract.RESUME_POINT, BytecodeContract.RESUME_POINT_STATE, int.class);
        assertField(BytecodeContract.REF_FRAME, BytecodeContract.FRAME_REF_PREFIX + "0", Object.class);
        assertField(BytecodeContract.ARRAYS_FRAME, BytecodeContract.ARRAYS_FRAME_REFS, Object[].class);
        assertField(BytecodeContract.ARRAYS_FRAME, BytecodeContract.ARRAYS_FRAME_PRIMS, long[].class);
        assertEquals(Frames.ARRAYS, Frames.shapeOf(BytecodeContract.FRAME_MAX_REFS + 1, 0));
        assertEquals(BytecodeContract.ARRAYS_FRAME, Frames.className(Frames.ARRAYS));
        assertTrue(RefFrame.class.isAssignableFrom(type(BytecodeContract.ARRAYS_FRAME)));
    }

    /** Every fixed shape the agent can name exists with the fields it writes, and the runtime makes it for its id. */
    @Test
    void contract_fixedFrameShapes() throws Exception {
        for (int r = 0; r <= BytecodeContract.FRAME_MAX_REFS; r++) {
            for (int p = 0; p <= BytecodeContract.FRAME_MAX_PRIMS; p++) {
                String name = BytecodeContract.FRAME_SHAPE_PREFIX + "R" + r + "P" + p;
                int id = Frames.shapeOf(r, p);
                assertEquals(name, Frames.className(id));
                boolean small = r <= BytecodeContract.FRAME_SMALL_REFS && p <= BytecodeContract.FRAME_SMALL_PRIMS;
                assertEquals(small ? r * (BytecodeContract.FRAME_SMALL_PRIMS + 1) + p : 15 + r * (BytecodeContract.FRAME_MAX_PRIMS + 1) + p, id);
                Frame made = Frames.create(id);
                assertEquals(type(name), made.getClass());
                assertEquals(id, made.shape());
                assertEquals(r > 0, made instanceof RefFrame, name);
                for (int i = 0; i < r; i++) {
                    Field f = type(name).getField(BytecodeContract.FRAME_REF_PREFIX + i);
                    assertEquals(Object.class, f.getType(), name + ".r" + i);
                }
                for (int i = 0; i < p; i++) {
                    Field f = type(name).getField(BytecodeContract.FRAME_PRIM_PREFIX + i);
                    assertEquals(long.class, f.getType(), name + ".p" + i);
                }
                int declared = 0;
                for (Class<?> c = made.getClass(); c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers())) {
                            declared++;
                        }
                    }
                }
                assertEquals(2 + r + p, declared, name + ": method, next and exactly its values");
            }
        }
    }

    @Test
    void contract_typeDescriptorsMatchClasses() throws Exception {
        assertEquals("L" + BytecodeContract.CONTEXT + ";", BytecodeContract.CONTEXT_DESCRIPTOR);
        assertEquals("L" + BytecodeContract.FRAME + ";", BytecodeContract.FRAME_DESCRIPTOR);
        assertEquals("L" + BytecodeContract.RESUME_POINT + ";", BytecodeContract.RESUME_POINT_DESCRIPTOR);
        assertEquals("()" + BytecodeContract.RESUME_POINT_DESCRIPTOR, BytecodeContract.RESUME_POINT_INDY_DESCRIPTOR);
        assertEquals(Context.class, type(BytecodeContract.CONTEXT));
        assertEquals(Frame.class, type(BytecodeContract.FRAME));
        assertEquals("Ldev/coflow/Coroutine;", BytecodeContract.COROUTINE_DESCRIPTOR);
        assertEquals(Suspension.ANY_CALLEE, BytecodeContract.ANY_CALLEE);
        assertEquals(dev.coflow.Coroutine.class.descriptorString(), BytecodeContract.COROUTINE_DESCRIPTOR);
        assertEquals("L" + BytecodeContract.CONTEXT + ";L" + BytecodeContract.FRAME + ";Ljava/lang/Object;", BytecodeContract.BODY_EXTRA_DESCRIPTOR);
        assertEquals(MethodType.methodType(void.class, Frame.class, Context.class, Object.class).toMethodDescriptorString(),
                BytecodeContract.RESUME_ADAPTER_DESCRIPTOR);
        Method resume = Resumer.class.getMethods()[0];
        assertEquals(MethodType.methodType(resume.getReturnType(), resume.getParameterTypes()).toMethodDescriptorString(),
                BytecodeContract.RESUME_ADAPTER_DESCRIPTOR);
    }

    private static void assertField(String owner, String name, Class<?> type) throws Exception {
        Field f = type(owner).getDeclaredField(name);
        assertEquals(type, f.getType(), owner + "." + name);
        assertTrue(Modifier.isPublic(f.getModifiers()), owner + "." + name + " must be public");
    }

    @Test
    void contract_rewrittenMarkNamesTheAnnotationAndItsElement() throws Exception {
        assertEquals(BytecodeContract.REWRITTEN_DESCRIPTOR, "L" + Rewritten.class.getName().replace('.', '/') + ";");
        assertEquals(String.class, Rewritten.class.getMethod(BytecodeContract.REWRITTEN_VERSION).getReturnType());
        assertEquals(java.lang.annotation.RetentionPolicy.CLASS, Rewritten.class.getAnnotation(java.lang.annotation.Retention.class).value());
        assertEquals(BytecodeContract.REWRITTEN_BODY, RewrittenBody.class.getName().replace('.', '/'));
        assertTrue(RewrittenBody.class.isInterface() && RewrittenBody.class.getMethods().length == 0);
        assertEquals(BytecodeContract.REFUSED_DESCRIPTOR, "L" + Refused.class.getName().replace('.', '/') + ";");
        assertEquals(String.class, Refused.class.getMethod(BytecodeContract.REFUSED_WHY).getReturnType());
        assertEquals(String.class, Refused.class.getMethod(BytecodeContract.REFUSED_FIX).getReturnType());
        assertEquals(java.lang.annotation.RetentionPolicy.RUNTIME, Refused.class.getAnnotation(java.lang.annotation.Retention.class).value());
    }

    @Test
    void key_marksInterfaceCallsInTheLowestBit_andIsNeverZero_andTellsCallsApart() {
        long direct = BytecodeContract.key("apply(Ljava/lang/Object;)Ljava/lang/Object;");
        long viaInterface = BytecodeContract.key("*apply(Ljava/lang/Object;)Ljava/lang/Object;");
        assertEquals(0, direct & 1);
        assertEquals(1, viaInterface & 1);
        assertTrue(direct != 0 && viaInterface != 0);
        assertTrue(direct != BytecodeContract.key("apply(Ljava/lang/Object;)Ljava/lang/Integer;"));
        assertEquals(Suspension.ROOT_SUPPLIER, BytecodeContract.key("*get()Ljava/lang/Object;"));
    }

    @Test
    void originalDescriptor_ofTheFreshAndTheResumeBody_isTheMethods() {
        String method = "(JLjava/lang/String;)I";
        assertEquals(method, BytecodeContract.originalDescriptor("(JLjava/lang/String;" + BytecodeContract.CONTEXT_DESCRIPTOR + ")I"));
        assertEquals(method, BytecodeContract.originalDescriptor("(JLjava/lang/String;" + BytecodeContract.BODY_EXTRA_DESCRIPTOR + ")I"));
        assertEquals(method, BytecodeContract.originalDescriptor(method));
        // a Context elsewhere than last is the user's own parameter
        String own = "(" + BytecodeContract.CONTEXT_DESCRIPTOR + "I)V";
        assertEquals(own, BytecodeContract.originalDescriptor(own));
    }
}
