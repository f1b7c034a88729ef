package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.runtime.BytecodeContract;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * design.md, "Virtual entries": an entry keeps the last class it found to inherit its method, and the last it found to
 * override it plainly, in static fields of the class that declares it. A class of a plug-in's loader (a child of the
 * declaring class's) must not stay there: the plug-in's loader could then never be collected while the library
 * stays. The plug-in's classes here are defined as they are by a child loader of the one that rewrote {@code Base};
 * each call is checked against the value plain Java gives, outside a coroutine and inside one. The thread's carrier,
 * which lives as long as the thread, must not keep them either once the plug-in's coroutines ended: the coroutine that
 * ran last (its return value), the class of the last call armed, the last selection found (design.md, "Known gaps").
 */
class EntryCacheLoaderTest {
    private static final String PKG = "dev.coflow.agent.entryloader.";

    /** Child-first for the plug-in's classes (read from the test class path, not rewritten); the rest from {@code Base}'s loader. */
    private static final class PluginLoader extends ClassLoader {
        PluginLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PKG + "Plugin")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes;
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        bytes = in.readAllBytes();
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }
    }

    /** The values of {@code base}'s entry caches whose names start with {@code prefix}. */
    private static List<Object> caches(Class<?> base, String prefix) throws IllegalAccessException {
        List<Object> values = new ArrayList<>();
        for (Field f : base.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith(prefix)) {
                f.setAccessible(true);
                values.add(f.get(null));
            }
        }
        return values;
    }

    /** {@code Base.drive(receiver)} outside a coroutine and inside one; both must give {@code expected}, plain Java's value. */
    private static void drive(Class<?> base, Object receiver, int expected) throws Exception {
        Method drive = base.getMethod("drive", base);
        Method inside = base.getMethod("driveInside", base);
        for (int i = 0; i < 3; i++) {
            assertEquals(expected, drive.invoke(null, receiver), receiver.getClass().getName());
            assertEquals(List.of(expected), inside.invoke(null, receiver), receiver.getClass().getName());
        }
    }

    private static Object instance(ClassLoader loader, String simpleName) throws Exception {
        return loader.loadClass(PKG + simpleName).getConstructor().newInstance();
    }

    @Test
    void anEntryRemembersClassesOfItsOwnLoader_butNoneOfAPluginsLoader() throws Exception {
        CaseClassLoader loader = new CaseClassLoader(PKG + "Base");
        Class<?> base = loader.loadClass(PKG + "Base");
        // the control: classes of Base's own loader are remembered (so the check below could see a plug-in's class)
        drive(base, instance(loader, "BaseInheritor"), 42);
        assertEquals(List.of(loader.loadClass(PKG + "BaseInheritor")), caches(base, BytecodeContract.ENTRY_CACHE_PREFIX));
        drive(base, instance(loader, "BaseOverride"), 63);
        assertEquals(List.of(loader.loadClass(PKG + "BaseOverride")), caches(base, BytecodeContract.ENTRY_PLAIN_CACHE_PREFIX));

        WeakReference<ClassLoader> plugin = runPlugin(base, loader);
        // nothing else keeps the plug-in: its loader goes once collected
        for (int i = 0; i < 20 && plugin.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(plugin.get(), "the plug-in's loader is still reachable");
        drive(base, base.getConstructor().newInstance(), 42);
    }

    /** Calls {@code Base.drive} on the plug-in's classes; returns the plug-in's loader, weakly. */
    private static WeakReference<ClassLoader> runPlugin(Class<?> base, ClassLoader loader) throws Exception {
        PluginLoader plugin = new PluginLoader(loader);
        drive(base, instance(plugin, "PluginInheritor"), 42);
        assertEquals(List.of(base), caches(base, BytecodeContract.ENTRY_CACHE_PREFIX), "Base itself, which the entry tests first");
        drive(base, instance(plugin, "PluginOverride"), 105);
        assertEquals(List.of(base), caches(base, BytecodeContract.ENTRY_PLAIN_CACHE_PREFIX));
        // the entry then asks enterVirtual for every call on them, and still answers as plain Java
        drive(base, instance(plugin, "PluginInheritor"), 42);
        drive(base, instance(plugin, "PluginOverride"), 105);
        // the last coroutine to run on this thread ends holding a plug-in's object (its return value)
        Object last = instance(plugin, "PluginInheritor");
        assertSame(last, base.getMethod("returnedBy", base).invoke(null, last));
        assertSame(loader, plugin.getParent());
        return new WeakReference<>(plugin);
    }
}
