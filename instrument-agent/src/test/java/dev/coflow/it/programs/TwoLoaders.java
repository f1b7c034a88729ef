package dev.coflow.it.programs;

import dev.coflow.Generator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Iterator;

/**
 * Catalogue 74: the same plug-in class defined by two class loaders that load it themselves (child-first), under the
 * agent: each copy is rewritten on its own, and generators of both copies run interleaved on one thread, each with its
 * own static state. Prints what they yield ({@code AgentProcessIT}).
 */
public final class TwoLoaders {
    private static final String PLUGIN = "dev.coflow.it.programs.plugin.";

    /** Loads the plug-in package itself, from the class files its parent can read; everything else from the parent. */
    static final class ChildFirst extends ClassLoader {
        ChildFirst(String name) {
            super(name, TwoLoaders.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PLUGIN)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Class<?> first = new ChildFirst("first").loadClass(PLUGIN + "Plugin");
        Class<?> second = new ChildFirst("second").loadClass(PLUGIN + "Plugin");
        System.out.println("two copies: " + (first != second && first.getName().equals(second.getName())));
        System.out.println("rewritten: " + rewritten(first) + " " + rewritten(second));
        Method a = first.getMethod("values", String.class);
        Method b = second.getMethod("values", String.class);
        Iterator<String> one = ((Generator<String>) a.invoke(null, "a")).iterator();
        Iterator<String> two = ((Generator<String>) b.invoke(null, "b")).iterator();
        Iterator<String> three = ((Generator<String>) a.invoke(null, "c")).iterator();
        while (one.hasNext() || two.hasNext() || three.hasNext()) {
            for (Iterator<String> it : java.util.List.of(one, two, three)) {
                if (it.hasNext()) {
                    System.out.println(it.next());
                }
            }
        }
    }

    /** Whether the agent gave the class the methods it adds (synthetic ones named after coflow). */
    private static boolean rewritten(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.isSynthetic() && m.getName().startsWith("coflow$")) {
                return true;
            }
        }
        return false;
    }
}
