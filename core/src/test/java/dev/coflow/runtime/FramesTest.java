package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The frame shapes: ids, class names and fields agree with what the agent emits ({@code FrameShape}). */
class FramesTest {

    private static List<Field> instanceFields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    @Test
    void everyFixedShape_hasTheFieldsItsNameSays() {
        Set<Integer> ids = new HashSet<>();
        for (int r = 0; r <= Frames.MAX_REFS; r++) {
            for (int p = 0; p <= Frames.MAX_PRIMS; p++) {
                int id = Frames.shapeOf(r, p);
                assertTrue(ids.add(id), "ids are distinct");
                assertTrue(id >= 0 && id < Frames.ARRAYS);
                Frame f = Frames.create(id);
                assertEquals(id, f.shape());
                assertEquals(Frames.className(id), f.getClass().getName().replace('.', '/'));
                assertEquals("R" + r + "P" + p, f.getClass().getSimpleName());
                assertEquals(r > 0, f instanceof RefFrame, f.getClass().getSimpleName());
                for (int i = 0; i < r; i++) {
                    assertEquals(Object.class, field(f.getClass(), "r" + i).getType());
                }
                for (int i = 0; i < p; i++) {
                    assertEquals(long.class, field(f.getClass(), "p" + i).getType());
                }
                // method and next, then exactly r references and p primitives
                assertEquals(2 + r + p, instanceFields(f.getClass()).size(), f.getClass().getSimpleName());
            }
        }
        assertEquals((Frames.MAX_REFS + 1) * (Frames.MAX_PRIMS + 1), ids.size(), "a class per fixed shape");
    }

    /** Every id a fixed shape has: the small grid's, then the large grid's (see {@link Frames#shapeOf}). */
    private static List<Integer> fixedIds() {
        List<Integer> ids = new ArrayList<>();
        for (int r = 0; r <= Frames.MAX_REFS; r++) {
            for (int p = 0; p <= Frames.MAX_PRIMS; p++) {
                ids.add(Frames.shapeOf(r, p));
            }
        }
        return ids;
    }

    private static Field field(Class<?> c, String name) {
        for (Field f : instanceFields(c)) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        throw new AssertionError(c.getSimpleName() + " has no field " + name);
    }

    @Test
    void is_answersForItsOwnShapeOnly() {
        for (int shape : fixedIds()) {
            Frame f = Frames.create(shape);
            for (int other = 0; other <= Frames.ARRAYS; other++) {
                assertEquals(other == shape, Frames.is(f, other), Frames.className(shape) + " tested as shape " + other);
            }
            assertEquals(shape, f.shape());
        }
        assertFalse(Frames.is(new Frames.Arrays(1, 1), Frames.ARRAYS), "array frames are never spares: no fixed shape");
    }

    @Test
    void tooManyValues_useTheArraysShape() {
        assertEquals(Frames.ARRAYS, Frames.shapeOf(Frames.MAX_REFS + 1, 0));
        assertEquals(Frames.ARRAYS, Frames.shapeOf(0, Frames.MAX_PRIMS + 1));
        assertEquals(BytecodeContract.ARRAYS_FRAME, Frames.className(Frames.ARRAYS));
        assertEquals(Frames.ARRAYS, new Frames.Arrays(1, 1).shape());
        assertThrows(IllegalArgumentException.class, () -> Frames.create(Frames.ARRAYS));
    }

    @Test
    void clear_dropsEveryReference() {
        Frames.R4P2 f = (Frames.R4P2) Frames.create(Frames.shapeOf(4, 2));
        f.r0 = "a";
        f.r1 = "b";
        f.r2 = "c";
        f.r3 = "d";
        f.p0 = 5;
        f.clear();
        assertNull(f.r0);
        assertNull(f.r1);
        assertNull(f.r2);
        assertNull(f.r3);
        Frames.Arrays a = new Frames.Arrays(2, 1);
        a.r0 = "self";
        a.refs[0] = "x";
        a.refs[1] = "y";
        a.clear();
        assertNull(a.r0);
        assertNull(a.refs[0]);
        assertNull(a.refs[1]);
    }
}
