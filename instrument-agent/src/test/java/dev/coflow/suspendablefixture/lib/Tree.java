package dev.coflow.suspendablefixture.lib;

import java.util.List;

/** A library's binary tree with an in-order walk that calls a visitor: plain code, no coflow in sight. */
public final class Tree<T extends Comparable<T>> {
    private final T value;
    private Tree<T> left;
    private Tree<T> right;

    private Tree(T value) {
        this.value = value;
    }

    /** A search tree of the values, inserted in the order given. */
    public static <T extends Comparable<T>> Tree<T> of(List<T> values) {
        Tree<T> root = null;
        for (T v : values) {
            root = insert(root, v);
        }
        return root;
    }

    private static <T extends Comparable<T>> Tree<T> insert(Tree<T> node, T v) {
        if (node == null) {
            return new Tree<>(v);
        }
        if (v.compareTo(node.value) < 0) {
            node.left = insert(node.left, v);
        } else {
            node.right = insert(node.right, v);
        }
        return node;
    }

    /** Calls {@code visitor} with every value in order; returns how many it visited. */
    public int walk(Visitor<T> visitor) {
        int n = 0;
        if (left != null) {
            n += left.walk(visitor);
        }
        String before = "at " + value;
        visitor.visit(value);
        if (!before.equals("at " + value)) {
            throw new AssertionError("a local was not restored");
        }
        n++;
        if (right != null) {
            n += right.walk(visitor);
        }
        return n;
    }

    /** Calls {@code visitor} with each item through the JDK's forEach: a frame that is never rewritten. */
    public static <T> void each(List<T> items, Visitor<T> visitor) {
        items.forEach(visitor::visit);
    }
}
