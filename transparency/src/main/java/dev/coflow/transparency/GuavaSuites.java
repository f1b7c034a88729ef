package dev.coflow.transparency;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.HashMultiset;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.LinkedHashMultiset;
import com.google.common.collect.Lists;
import com.google.common.collect.Maps;
import com.google.common.collect.Multiset;
import com.google.common.collect.Sets;
import com.google.common.collect.testing.AbstractTester;
import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.SetTestSuiteBuilder;
import com.google.common.collect.testing.TestStringListGenerator;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.TestStringSetGenerator;
import com.google.common.collect.testing.TestStringSortedSetGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.ListFeature;
import com.google.common.collect.testing.features.MapFeature;
import com.google.common.collect.testing.google.MultisetTestSuiteBuilder;
import com.google.common.collect.testing.google.TestStringMultisetGenerator;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import junit.framework.Test;
import junit.framework.TestCase;
import junit.framework.TestSuite;

/**
 * guava-testlib's generated collection suites (JUnit 3 {@code TestSuite}s) over Guava's collections,
 * run test by test: {@code setUp}, the test method (through {@link CoroutineRunner}, so at levels 2-4
 * as a coroutine's root), {@code tearDown}. They are JUnit 3 tests; the Platform's vintage engine
 * would run them too, but offers no hook to run each test method as a coroutine, hence this runner.
 */
final class GuavaSuites {
    private GuavaSuites() {
    }

    static List<TestSuite> suites(boolean all) {
        List<TestSuite> suites = new ArrayList<>();
        suites.add(ListTestSuiteBuilder.using(new TestStringListGenerator() {
            @Override
            protected List<String> create(String[] elements) {
                return ImmutableList.copyOf(elements);
            }
        }).named("ImmutableList").withFeatures(CollectionSize.ANY, CollectionFeature.ALLOWS_NULL_QUERIES, CollectionFeature.SERIALIZABLE)
                .createTestSuite());
        if (!all) {
            return suites;
        }
        suites.add(MultisetTestSuiteBuilder.using(new TestStringMultisetGenerator() {
            @Override
            protected Multiset<String> create(String[] elements) {
                return HashMultiset.create(java.util.Arrays.asList(elements));
            }
        }).named("HashMultiset").withFeatures(CollectionSize.ANY, CollectionFeature.ALLOWS_NULL_VALUES, CollectionFeature.GENERAL_PURPOSE,
                CollectionFeature.SERIALIZABLE).createTestSuite());
        suites.add(ListTestSuiteBuilder.using(new TestStringListGenerator() {
            @Override
            protected List<String> create(String[] elements) {
                return Lists.newArrayList(elements);
            }
        }).named("Lists.newArrayList").withFeatures(CollectionSize.ANY, ListFeature.GENERAL_PURPOSE, CollectionFeature.ALLOWS_NULL_VALUES,
                CollectionFeature.SERIALIZABLE).createTestSuite());
        suites.add(SetTestSuiteBuilder.using(new TestStringSetGenerator() {
            @Override
            protected java.util.Set<String> create(String[] elements) {
                return ImmutableSet.copyOf(elements);
            }
        }).named("ImmutableSet").withFeatures(CollectionSize.ANY, CollectionFeature.KNOWN_ORDER, CollectionFeature.ALLOWS_NULL_QUERIES,
                CollectionFeature.SERIALIZABLE).createTestSuite());
        suites.add(SetTestSuiteBuilder.using(new TestStringSetGenerator() {
            @Override
            protected java.util.Set<String> create(String[] elements) {
                return Sets.newLinkedHashSet(java.util.Arrays.asList(elements));
            }
        }).named("Sets.newLinkedHashSet").withFeatures(CollectionSize.ANY, CollectionFeature.KNOWN_ORDER, CollectionFeature.GENERAL_PURPOSE,
                CollectionFeature.ALLOWS_NULL_VALUES, CollectionFeature.SERIALIZABLE).createTestSuite());
        suites.add(SetTestSuiteBuilder.using(new TestStringSortedSetGenerator() {
            @Override
            protected SortedSet<String> create(String[] elements) {
                return ImmutableSortedSet.copyOf(elements);
            }
        }).named("ImmutableSortedSet").withFeatures(CollectionSize.ANY, CollectionFeature.KNOWN_ORDER, CollectionFeature.ALLOWS_NULL_QUERIES,
                CollectionFeature.SERIALIZABLE).createTestSuite());
        suites.add(MapTestSuiteBuilder.using(new TestStringMapGenerator() {
            @Override
            protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                ImmutableMap.Builder<String, String> b = ImmutableMap.builder();
                for (Map.Entry<String, String> e : entries) {
                    b.put(e.getKey(), e.getValue());
                }
                return b.buildKeepingLast();
            }
        }).named("ImmutableMap").withFeatures(CollectionSize.ANY, CollectionFeature.KNOWN_ORDER, MapFeature.ALLOWS_ANY_NULL_QUERIES,
                CollectionFeature.SERIALIZABLE).createTestSuite());
        suites.add(MapTestSuiteBuilder.using(new TestStringMapGenerator() {
            @Override
            protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> m = Maps.newLinkedHashMap();
                for (Map.Entry<String, String> e : entries) {
                    m.put(e.getKey(), e.getValue());
                }
                return m;
            }
        }).named("Maps.newLinkedHashMap").withFeatures(CollectionSize.ANY, CollectionFeature.KNOWN_ORDER, MapFeature.GENERAL_PURPOSE,
                MapFeature.ALLOWS_NULL_KEYS, MapFeature.ALLOWS_NULL_VALUES, CollectionFeature.SERIALIZABLE).createTestSuite());
        suites.add(MultisetTestSuiteBuilder.using(new TestStringMultisetGenerator() {
            @Override
            protected Multiset<String> create(String[] elements) {
                return LinkedHashMultiset.create(java.util.Arrays.asList(elements));
            }
        }).named("LinkedHashMultiset").withFeatures(CollectionSize.ANY, CollectionFeature.KNOWN_ORDER, CollectionFeature.ALLOWS_NULL_VALUES,
                CollectionFeature.GENERAL_PURPOSE, CollectionFeature.SERIALIZABLE).createTestSuite());
        ArrayListMultimap.create(); // loads the class, so the offline and load checks see it used too
        return suites;
    }

    static Map<String, String> run(boolean all) throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        Method setUp = TestCase.class.getDeclaredMethod("setUp");
        Method tearDown = TestCase.class.getDeclaredMethod("tearDown");
        setUp.setAccessible(true);
        tearDown.setAccessible(true);
        for (TestSuite suite : suites(all)) {
            List<TestCase> cases = new ArrayList<>();
            flatten(suite, cases);
            for (TestCase tc : cases) {
                String id = tc.getClass().getName() + "#" + tc.getName();
                results.put(id, runOne(tc, setUp, tearDown));
            }
        }
        return results;
    }

    private static String runOne(TestCase tc, Method setUp, Method tearDown) {
        String name = tc instanceof AbstractTester<?> t ? t.getTestMethodName() : tc.getName();
        try {
            Method test = tc.getClass().getMethod(name);
            CoroutineRunner.invoke(setUp, tc, new Object[0]);
            try {
                Driver.reseed(tc.getClass().getName() + tc.getName());
                CoroutineRunner.invoke(test, tc, new Object[0]);
            } finally {
                CoroutineRunner.invoke(tearDown, tc, new Object[0]);
            }
            return "PASS";
        } catch (Throwable t) {
            return "FAIL " + t.getClass().getName() + ": " + Driver.firstLine(t.getMessage());
        }
    }

    private static void flatten(Test test, List<TestCase> out) {
        if (test instanceof TestSuite suite) {
            for (int i = 0; i < suite.testCount(); i++) {
                flatten(suite.testAt(i), out);
            }
        } else if (test instanceof TestCase tc) {
            out.add(tc);
        }
    }
}
