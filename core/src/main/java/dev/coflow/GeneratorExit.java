package dev.coflow;

/**
 * The exit request that {@link CoroutineHandle#close()} raises at the suspension point, as Python's
 * {@code GeneratorExit}. It extends {@link Error}, so a {@code catch (Exception e)} in the body does
 * not swallow it; {@code finally} blocks run as it unwinds. A body may catch it to say goodbye, but
 * must then return or rethrow: yielding again makes {@code close()} fail.
 *
 * <pre>{@code
 * @Coroutine static void printer() {
 *     try {
 *         while (true) System.out.println((Object) Coroutines.yield());
 *     } catch (GeneratorExit e) {
 *         System.out.println("Going away. Goodbye");
 *     }
 * }
 * }</pre>
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** A fresh exit request. */
    public GeneratorExit() {
        super("coroutine closed", null, false, false);
    }
}
