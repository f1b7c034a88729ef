package dev.coflow.suspendablefixture.lib;

/** A library's callback interface: the library knows nothing of coflow. */
public interface Visitor<T> {
    void visit(T value);
}
