package dev.coflow.runtime;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which method a call selects, for the bridge of a rewritten instance method ({@link Suspension#enterInstance}): a key
 * armed for a call on an object of class {@code C} belongs to the bridge of a method declared in {@code D} only when a
 * call of that method on a {@code C} runs {@code D}'s. When {@code C} or a class between it and {@code D} overrides
 * the method, the armed call ran that override, and the override was not rewritten (a rewritten one would have taken
 * the key in its own bridge): it calls {@code D}'s with {@code super} and runs on after it returns. The answer is
 * worked out once per class and method from reflection and kept with the class.
 *
 * <p>Selection as the JVM makes it (JVMS 5.4.6) for what the check needs: the first class from {@code C} up that
 * declares a non-static, non-private method of that name and descriptor; when none does, the one maximally specific
 * superinterface method that is not abstract. A class whose methods cannot be listed (a missing class in a signature)
 * selects nothing, so the bridge refuses the key: a suspension there fails at the yield.
 */
final class Dispatch {
    private Dispatch() {
    }

    /** Whether a virtual or interface call, armed for an object of class {@code armed} with {@code key}, runs {@code declaring}'s method. */
    static boolean selects(Class<?> armed, long key, Class<?> declaring) {
        if (armed == null) {
            return false;
        }
        Class<?> target = SELECTED.get(armed).target(key);
        return target == declaring || target != null && DECLARED.get(declaring).find(key) == PACKAGE_PRIVATE
                && selectsPackagePrivate(armed, key, declaring);
    }

    /** The class whose method a virtual or interface call of {@code key} on an object of class {@code type} runs, or {@code null}. */
    static Class<?> target(Class<?> type, long key) {
        return SELECTED.get(type).target(key);
    }

    /**
     * A package-private method is overridden only by a method of a class in its own runtime package: a class of another
     * package that declares the same name and descriptor does not take its calls (JVMS 5.4.5).
     */
    private static boolean selectsPackagePrivate(Class<?> armed, long key, Class<?> declaring) {
        for (Class<?> c = armed; c != null && c != declaring; c = c.getSuperclass()) {
            if (DECLARED.get(c).find(key) != ABSENT && c.getClassLoader() == declaring.getClassLoader()
                    && c.getPackageName().equals(declaring.getPackageName())) {
                return false;
            }
        }
        return declaring.isAssignableFrom(armed);
    }

    /** The keys ({@code name + descriptor}) of the methods a class declares that calls can select, with their abstractness. */
    private static final ClassValue<Declared> DECLARED = new ClassValue<>() {
        @Override
        protected Declared computeValue(Class<?> type) {
            return Declared.of(type);
        }
    };

    private static final ClassValue<Selected> SELECTED = new ClassValue<>() {
        @Override
        protected Selected computeValue(Class<?> type) {
            return new Selected(type);
        }
    };

    private static final int ABSENT = -1;
    private static final int DECLARED_CONCRETE = 0;
    private static final int DECLARED_ABSTRACT = 1;
    private static final int UNKNOWN = 2;
    private static final int PACKAGE_PRIVATE = 3;

    /** A class's non-static, non-private methods: their keys and modifiers; {@code null} keys when they cannot be listed. */
    private record Declared(long[] keys, int[] modifiers) {
        static Declared of(Class<?> type) {
            Method[] methods;
            try {
                methods = type.getDeclaredMethods();
            } catch (LinkageError e) {
                return new Declared(null, null);
            }
            long[] keys = new long[methods.length];
            int[] modifiers = new int[methods.length];
            int n = 0;
            for (Method m : methods) {
                int flags = m.getModifiers();
                if ((flags & (Modifier.STATIC | Modifier.PRIVATE)) == 0) {
                    keys[n] = BytecodeContract.key(m.getName() + descriptor(m));
                    modifiers[n++] = flags;
                }
            }
            return new Declared(Arrays.copyOf(keys, n), Arrays.copyOf(modifiers, n));
        }

        /** {@link #ABSENT}, {@link #DECLARED_CONCRETE} (public or protected), {@link #PACKAGE_PRIVATE}, {@link #DECLARED_ABSTRACT} or {@link #UNKNOWN}. */
        int find(long key) {
            if (keys == null) {
                return UNKNOWN;
            }
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == key) {
                    int flags = modifiers[i];
                    return (flags & Modifier.ABSTRACT) != 0 ? DECLARED_ABSTRACT
                            : (flags & (Modifier.PUBLIC | Modifier.PROTECTED)) == 0 ? PACKAGE_PRIVATE : DECLARED_CONCRETE;
                }
            }
            return ABSENT;
        }
    }

    static String descriptor(Method m) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            d.append(p.descriptorString());
        }
        return d.append(')').append(m.getReturnType().descriptorString()).toString();
    }

    /** What calls on objects of one class select, by key, filled in as keys are asked for. */
    private static final class Selected {
        private final Class<?> type;
        /**
         * Keys and their targets ({@code null}: none, or not known) in an open-addressed table (a key is never 0), replaced
         * as a whole when a key is added: a look-up is one probe, mostly, however many methods are called on the class.
         */
        private volatile Table table = new Table(new long[8], new Class<?>[8], 0);

        Selected(Class<?> type) {
            this.type = type;
        }

        Class<?> target(long key) {
            Table t = table;
            long[] keys = t.keys;
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == key) {
                    return t.targets[i];
                }
                if (k == 0) {
                    return add(key);
                }
            }
        }

        private static int slot(long key, int mask) {
            return (int) (key ^ (key >>> 29)) & mask;
        }

        private synchronized Class<?> add(long key) {
            Table t = table;
            for (int i = slot(key, t.keys.length - 1); t.keys[i] != 0; i = (i + 1) & (t.keys.length - 1)) {
                if (t.keys[i] == key) {
                    return t.targets[i];
                }
            }
            Class<?> target = select(type, key);
            int size = t.keys.length;
            while ((t.count + 1) * 2 > size) {
                size *= 2;
            }
            long[] keys = new long[size];
            Class<?>[] targets = new Class<?>[size];
            for (int j = 0; j < t.keys.length; j++) {
                if (t.keys[j] != 0) {
                    put(keys, targets, t.keys[j], t.targets[j]);
                }
            }
            put(keys, targets, key, target);
            table = new Table(keys, targets, t.count + 1);
            return target;
        }

        private static void put(long[] keys, Class<?>[] targets, long key, Class<?> target) {
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            targets[i] = target;
        }
    }

    private record Table(long[] keys, Class<?>[] targets, int count) {
    }

    /** The class whose method a call of {@code key} on an object of {@code type} runs, or {@code null} (abstract, ambiguous, unknown). */
    static Class<?> select(Class<?> type, long key) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            int found = DECLARED.get(c).find(key);
            if (found == DECLARED_CONCRETE || found == PACKAGE_PRIVATE) {
                return c;
            }
            if (found != ABSENT) {
                return null;
            }
        }
        // no class declares it: the maximally specific superinterface method, when there is exactly one
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            collectInterfaces(c, interfaces);
        }
        List<Class<?>> declaring = new ArrayList<>();
        for (Class<?> i : interfaces) {
            int found = DECLARED.get(i).find(key);
            if (found == UNKNOWN) {
                return null;
            }
            if (found != ABSENT) {
                declaring.add(i);
            }
        }
        List<Class<?>> specific = new ArrayList<>();
        for (Class<?> i : declaring) {
            boolean overridden = false;
            for (Class<?> j : declaring) {
                if (j != i && i.isAssignableFrom(j)) {
                    overridden = true;
                    break;
                }
            }
            if (!overridden) {
                specific.add(i);
            }
        }
        return specific.size() == 1 && DECLARED.get(specific.get(0)).find(key) != DECLARED_ABSTRACT ? specific.get(0) : null;
    }

    private static void collectInterfaces(Class<?> c, Set<Class<?>> into) {
        for (Class<?> i : c.getInterfaces()) {
            if (into.add(i)) {
                collectInterfaces(i, into);
            }
        }
    }

    /**
     * Whether {@code c}'s loader lives as long as {@code holder}'s: the same loader, or one it delegates to (the boot
     * loader included). A class for which this is false may belong to a plug-in whose loader goes away while
     * {@code holder} stays, so a field of {@code holder} or of something as long-lived must not keep it.
     */
    static boolean outlives(Class<?> c, Class<?> holder) {
        ClassLoader loader = c.getClassLoader();
        for (ClassLoader l = holder.getClassLoader(); l != null; l = l.getParent()) {
            if (l == loader) {
                return true;
            }
        }
        return loader == null;
    }
}
