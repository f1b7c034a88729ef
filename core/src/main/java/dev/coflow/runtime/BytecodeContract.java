package dev.coflow.runtime;

/**
 * Not API. Internal names, member names and descriptors that the agent emits into rewritten code.
 * The fields are compile-time constants, so the agent inlines them and carries no copy of the
 * runtime; a core test looks every one of them up by reflection, so a rename fails the build.
 */
public final class BytecodeContract {
    private BytecodeContract() {
    }

    public static final String COROUTINE_DESCRIPTOR = "Ldev/coflow/Coroutine;";
    /** The class-file-only mark of a rewritten class ({@link Rewritten}), and its one element. */
    public static final String REWRITTEN_DESCRIPTOR = "Ldev/coflow/runtime/Rewritten;";
    public static final String REWRITTEN_VERSION = "version";
    /** The mark of a refused coroutine method ({@link Refused}), and its two elements. */
    public static final String REFUSED_DESCRIPTOR = "Ldev/coflow/runtime/Refused;";
    public static final String REFUSED_WHY = "why";
    public static final String REFUSED_FIX = "fix";
    public static final String COROUTINES = "dev/coflow/Coroutines";
    public static final String YIELD = "yield";
    public static final String YIELD_VALUE_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";
    public static final String YIELD_NOTHING_DESCRIPTOR = "()Ljava/lang/Object;";
    public static final String YIELD_FROM = "yieldFrom";
    public static final String YIELD_FROM_DESCRIPTOR = "(Ldev/coflow/CoroutineHandle;)Ljava/lang/Object;";

    public static final String YIELD_ALL = "yieldAll";
    public static final String YIELD_ALL_DESCRIPTOR = "(Ljava/lang/Iterable;)V";

    public static final String CONTEXT = "dev/coflow/runtime/Context";
    public static final String CONTEXT_DESCRIPTOR = "Ldev/coflow/runtime/Context;";
    public static final String FRAME = "dev/coflow/runtime/Frame";
    public static final String FRAME_DESCRIPTOR = "Ldev/coflow/runtime/Frame;";
    /**
     * The hidden trailing parameters of every rewritten body: the context, the frame to resume (or
     * null on a fresh call), and the value handed in on a resume (the value sent, the callee's
     * reference result, or the exception to raise). The value travels as an argument, not through a
     * field, so that a switch stores no reference into the heap to hand it over.
     */
    public static final String BODY_EXTRA_DESCRIPTOR = "Ldev/coflow/runtime/Context;Ldev/coflow/runtime/Frame;Ljava/lang/Object;";
    /**
     * The descriptor of a method as the user wrote it, from that of its resume body (the parameters
     * {@link #BODY_EXTRA_DESCRIPTOR} appended) or its fresh body ({@link #CONTEXT_DESCRIPTOR} appended); any other
     * descriptor as it is.
     */
    public static String originalDescriptor(String descriptor) {
        if (descriptor.contains(BODY_EXTRA_DESCRIPTOR + ")")) {
            return descriptor.replace(BODY_EXTRA_DESCRIPTOR + ")", ")");
        }
        return descriptor.replace(CONTEXT_DESCRIPTOR + ")", ")");
    }

    /** How many local slots the hidden parameters take. */
    public static final int BODY_EXTRA_SLOTS = 3;
    public static final String RESUME_POINT = "dev/coflow/runtime/ResumePoint";
    public static final String RESUME_POINT_DESCRIPTOR = "Ldev/coflow/runtime/ResumePoint;";
    public static final String SUSPENSION = "dev/coflow/runtime/Suspension";
    /** The marker interface of a rewritten lambda or method reference ({@link RewrittenBody}). */
    public static final String REWRITTEN_BODY = "dev/coflow/runtime/RewrittenBody";
    public static final String BOOTSTRAP = "dev/coflow/runtime/Bootstrap";

    public static final String CONTEXT_SUSPENDING = "suspending";
    public static final String CONTEXT_VALUE_REF = "valueRef";
    /** {@code Context.resultLong(long)}: a resume adapter leaves its method's primitive result (raw bits). */
    public static final String RESULT_LONG = "resultLong";
    public static final String RESULT_LONG_DESCRIPTOR = "(J)V";
    public static final String TAKE_REF = "takeRef";
    public static final String TAKE_REF_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";
    public static final String TAKE_LONG = "takeLong";
    public static final String TAKE_LONG_DESCRIPTOR = "(Ljava/lang/Object;)J";
    public static final String TAKE_INT = "takeInt";
    public static final String TAKE_INT_DESCRIPTOR = "(Ljava/lang/Object;)I";
    public static final String TAKE_FLOAT = "takeFloat";
    public static final String TAKE_FLOAT_DESCRIPTOR = "(Ljava/lang/Object;)F";
    public static final String TAKE_DOUBLE = "takeDouble";
    public static final String TAKE_DOUBLE_DESCRIPTOR = "(Ljava/lang/Object;)D";
    public static final String TAKE_VOID = "takeVoid";
    public static final String TAKE_VOID_DESCRIPTOR = "(Ljava/lang/Object;)V";

    public static final String FRAME_POINT = "point";
    /** {@code ResumePoint.state}: the resume dispatch switches on {@code frame.point.state}. */
    public static final String RESUME_POINT_STATE = "state";
    /** The frame class that holds the receiver (or first reference) in {@code r0}. */
    public static final String REF_FRAME = "dev/coflow/runtime/RefFrame";
    /** Field name prefixes of the fixed frame shapes: {@code r0, r1, …} and {@code p0, p1, …}. */
    public static final String FRAME_REF_PREFIX = "r";
    public static final String FRAME_PRIM_PREFIX = "p";
    /** The most references (receiver included) and primitives a fixed frame shape holds; see {@code Frames}. */
    public static final int FRAME_MAX_REFS = 6;
    public static final int FRAME_MAX_PRIMS = 4;
    /**
     * The shapes of up to these counts have the ids they had before the limits grew to the two above (2026-12-06):
     * {@code r * (FRAME_SMALL_PRIMS + 1) + p}, from 0 to 14, so their spills push the same constants as before
     * (`iconst`, a byte each, below 6); every other fixed shape is {@code 15 + r * (FRAME_MAX_PRIMS + 1) + p}.
     */
    public static final int FRAME_SMALL_REFS = 4;
    public static final int FRAME_SMALL_PRIMS = 2;
    /** The fixed shape {@code RrPp} is the class {@code FRAME_SHAPE_PREFIX + "R" + r + "P" + p}. */
    public static final String FRAME_SHAPE_PREFIX = "dev/coflow/runtime/Frames$";
    /** The frame class for methods that save more, and its array fields. */
    public static final String ARRAYS_FRAME = "dev/coflow/runtime/Frames$Arrays";
    public static final String ARRAYS_FRAME_REFS = "refs";
    public static final String ARRAYS_FRAME_PRIMS = "prims";

    public static final String CURRENT = "current";
    public static final String CURRENT_DESCRIPTOR = "()Ldev/coflow/runtime/Context;";
    public static final String SUSPEND_YIELD = "yield";
    public static final String SUSPEND_YIELD_DESCRIPTOR = "(Ljava/lang/Object;Ldev/coflow/runtime/Context;)Ldev/coflow/runtime/Context;";
    public static final String OBTAIN_FRAME = "frame";
    public static final String OBTAIN_FRAME_DESCRIPTOR = "(Ldev/coflow/runtime/Context;Ldev/coflow/runtime/Frame;ILjava/lang/Object;)Ldev/coflow/runtime/Frame;";
    public static final String OBTAIN_ARRAYS_FRAME = "arraysFrame";
    public static final String OBTAIN_ARRAYS_FRAME_DESCRIPTOR = "(Ldev/coflow/runtime/Context;Ldev/coflow/runtime/Frame;IILjava/lang/Object;)Ldev/coflow/runtime/Frame;";
    public static final String STOP_AT = "stopAt";
    public static final String STOP_AT_DESCRIPTOR = "(Ldev/coflow/runtime/Frame;Ldev/coflow/runtime/ResumePoint;)V";
    public static final String PUSH = "push";
    public static final String PUSH_DESCRIPTOR = "(Ldev/coflow/runtime/Context;Ldev/coflow/runtime/Frame;Ljava/lang/String;Ljava/lang/String;)V";
    /**
     * A spill's first suspension in a fixed-shape frame it does not have yet: {@link #OBTAIN_FRAME}, {@link #STOP_AT} and
     * {@link #PUSH} in one call, {@code Frame pushNew(Context, int shape, Object self, ResumePoint, String calleeName,
     * String calleeDescriptor)}.
     */
    public static final String PUSH_NEW = "pushNew";
    public static final String PUSH_NEW_DESCRIPTOR = "(Ldev/coflow/runtime/Context;ILjava/lang/Object;Ldev/coflow/runtime/ResumePoint;Ljava/lang/String;Ljava/lang/String;)Ldev/coflow/runtime/Frame;";
    /** The fast path of {@link #PUSH} for a plain yield, a method of {@link #CONTEXT}: {@code boolean pushInPlace(Frame)}. */
    public static final String PUSH_IN_PLACE = "pushInPlace";
    public static final String PUSH_IN_PLACE_DESCRIPTOR = "(Ldev/coflow/runtime/Frame;)Z";
    /** Callee descriptor for a call through an interface (see {@code Suspension.ANY_CALLEE}). */
    public static final String ANY_CALLEE = "*";
    public static final String BAD_STATE = "badState";
    public static final String BAD_STATE_DESCRIPTOR = "(Ldev/coflow/runtime/Frame;)Ljava/lang/RuntimeException;";

    public static final String RESUME_POINT_BOOTSTRAP = "resumePoint";
    public static final String RESUME_POINT_BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;[Ljava/lang/Object;)Ljava/lang/invoke/CallSite;";
    /** Descriptor of the {@code invokedynamic} that yields a method's {@link ResumePoint}. */
    public static final String RESUME_POINT_INDY_DESCRIPTOR = "()Ldev/coflow/runtime/ResumePoint;";

    // ---------------------------------------------------------------- the armed-call protocol (Suspension.enter/arm)

    /** A static method's bridge's first instruction: the context its body runs with ({@code Suspension.enterStatic(key)}). */
    public static final String ENTER = "enterStatic";
    public static final String ENTER_DESCRIPTOR = "(J)Ldev/coflow/runtime/Context;";
    /** As {@link #ENTER}, for the bridge of a lambda body or method-reference adapter: the keys of the interface calls. */
    public static final String ENTER_FORWARDED = "enterForwarded";
    public static final String ENTER_FORWARDED_DESCRIPTOR = "(JJ)Ldev/coflow/runtime/Context;";
    /** At the entry of a refused coroutine method: drops its caller's key ({@code Suspension.enterRefused}). */
    public static final String ENTER_REFUSED = "enterRefused";
    public static final String ENTER_REFUSED_DESCRIPTOR = "()V";
    /**
     * As {@link #ENTER}, for the bridge of an instance method that is not private: the key, the interface key
     * ({@code "*" + key}), then the method's declaring class ({@code Suspension.enterInstance}).
     */
    public static final String ENTER_INSTANCE = "enterInstance";
    public static final String ENTER_INSTANCE_DESCRIPTOR = "(JJLjava/lang/Class;)Ldev/coflow/runtime/Context;";
    /** As {@link #ENTER_INSTANCE}, for a private method: the keys, the receiver, the declaring class ({@code Suspension.enterPrivate}). */
    public static final String ENTER_PRIVATE = "enterPrivate";
    public static final String ENTER_PRIVATE_DESCRIPTOR = "(JJLjava/lang/Object;Ljava/lang/Class;)Ldev/coflow/runtime/Context;";
    /**
     * Appended to the name of each of the four bridge entries above ({@link #ENTER}, {@link #ENTER_FORWARDED},
     * {@link #ENTER_INSTANCE}, {@link #ENTER_PRIVATE}; same descriptors) in a class another agent changed after it was
     * loaded ({@code RedefinedClass.forAnotherAgent}): the watched twin takes the caller's key only when a rewritten
     * frame called the bridge ({@code Suspension.enterStaticWatched} and the rest).
     */
    public static final String WATCHED_SUFFIX = "Watched";
    /** Before a static call at a suspension point that goes through a bridge. */
    public static final String ARM = "arm";
    public static final String ARM_DESCRIPTOR = "(Ldev/coflow/runtime/Context;J)V";
    /** Before a virtual or interface call at a suspension point: the receiver (a copy), the context, the key. */
    public static final String ARM_VIRTUAL = "armVirtual";
    public static final String ARM_RECEIVER_DESCRIPTOR = "(Ljava/lang/Object;Ldev/coflow/runtime/Context;J)V";
    /** Before an {@code invokespecial} call at a suspension point: the class the instruction names, the context, the key. */
    public static final String ARM_SPECIAL = "armSpecial";
    public static final String ARM_SPECIAL_DESCRIPTOR = "(Ljava/lang/Class;Ldev/coflow/runtime/Context;J)V";
    /** After that call: drops an untaken key, and whether the callee suspended. */
    public static final String CALLED = "called";
    public static final String CALLED_DESCRIPTOR = "(Ldev/coflow/runtime/Context;)Z";
    /** At the start of each exception handler of a body that arms calls. */
    public static final String DISARM = "disarm";
    public static final String DISARM_DESCRIPTOR = "(Ldev/coflow/runtime/Context;)V";
    /**
     * The virtual entry of a rewritten instance method {@code m} (not private, not static, in a class): the synthetic
     * method {@code coflow$call$m} with {@code m}'s access and descriptor and the context appended, which a call site
     * of a rewritten body calls through {@link #VIRTUAL_CALL_BOOTSTRAP} instead of arming {@code m} and entering its
     * bridge. It overrides as {@code m} does, so the JVM selects the entry of the most specific rewritten class.
     */
    public static final String VIRTUAL_ENTRY_PREFIX = "coflow$call$";
    /** The private static field where a virtual entry keeps the last class it found to inherit its method, numbered in the class. */
    public static final String ENTRY_CACHE_PREFIX = "coflow$sel$";
    /** The private static field where a virtual entry keeps the last class it found to override its method with one that was not rewritten. */
    public static final String ENTRY_PLAIN_CACHE_PREFIX = "coflow$plain$";
    /** What a virtual entry stores in a cache: the class it learnt of, or its own when it must not keep that one ({@code Suspension.entryCache}). */
    public static final String ENTRY_CACHE = "entryCache";
    public static final String ENTRY_CACHE_DESCRIPTOR = "(Ljava/lang/Class;Ljava/lang/Class;)Ljava/lang/Class;";
    /** A virtual entry's check when the receiver's class is not the declaring class ({@code Suspension.enterVirtual}). */
    public static final String ENTER_VIRTUAL = "enterVirtual";
    public static final String ENTER_VIRTUAL_DESCRIPTOR = "(Ljava/lang/Object;Ldev/coflow/runtime/Context;JLjava/lang/Class;)Z";
    /** The bootstrap of a virtual call at a suspension point: {@code (Owner, arguments..., Context) result}, named as the method. */
    public static final String VIRTUAL_CALL_BOOTSTRAP = "virtualCall";
    public static final String VIRTUAL_CALL_BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;";

    /**
     * The bootstrap of a static call at a suspension point of a rewritten body into another class: its static
     * arguments are the class the instruction names and the key the call would arm. It links the call to the static
     * entry ({@link #VIRTUAL_ENTRY_PREFIX}{@code m}, the fresh body with the caller's context) of the class that declares
     * the method the call resolves to, or to the call of the method itself, armed with that key.
     */
    public static final String STATIC_CALL_BOOTSTRAP = "staticCall";
    public static final String STATIC_CALL_BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/Class;J)Ljava/lang/invoke/CallSite;";
    /**
     * The bootstrap of a call that a retransformed class's body made straight to a body or an entry of its own class
     * (a call of a static, private or final method, or a call on {@code this} of the class's own entry): the agent's
     * watcher turns each such call into an {@code invokedynamic} of the method itself, armed, when another agent or a
     * debugger redefines or retransforms the class (it may have put code into the method, which the direct call would
     * skip). {@code (receiver?, arguments..., Context) result}, named as the method; static arguments: the method (a
     * {@code MethodHandle}: {@code REF_invokeStatic} or {@code REF_invokeSpecial}) and the key its bridge takes.
     */
    public static final String EXACT_CALL_BOOTSTRAP = "exactCall";
    public static final String EXACT_CALL_BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;J)Ljava/lang/invoke/CallSite;";
    /** The key prefix of a call through an interface. */
    public static final String INTERFACE_KEY_PREFIX = "*";

    /**
     * What the key of a static call hashes: the internal name of the class that declares the method, a dot, then
     * {@code name + descriptor}. A static method is selected by its class, not by a receiver, so its key names the
     * class: a plain static method (one the agent did not rewrite) that calls a static coroutine method of the same
     * name and descriptor in another class cannot pass its caller's key on.
     */
    public static String staticCall(String declaringClass, String nameAndDescriptor) {
        return declaringClass + "." + nameAndDescriptor;
    }

    /**
     * The key of a call, as the agent emits it and the runtime compares it: a 64-bit FNV-1a hash of
     * {@code name + descriptor} (prefixed with {@link #INTERFACE_KEY_PREFIX} for a call through an
     * interface), its lowest bit set exactly for interface calls, never 0 ("no key"). A {@code long},
     * not the string itself: storing a primitive into the thread's carrier pays no GC write barrier.
     */
    public static long key(String call) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < call.length(); i++) {
            h ^= call.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h & ~1L) | (call.startsWith(INTERFACE_KEY_PREFIX) ? 1L : 0L);
        return h == 0 ? 2 : h;
    }
    /**
     * Name prefix of the synthetic static method the agent makes for a method reference to a
     * coroutine method: it does the adaptation the hidden class of the method reference would have
     * done (boxing, unboxing, widening, casts), as rewritten code, so that it is exact on a resume.
     */
    public static final String METHOD_REFERENCE_PREFIX = "coflow$ref$";

    /**
     * Whether a method's name is a compiler's name for a lambda's body: javac's and ECJ's {@code lambda$…}, scalac 2's
     * {@code $anonfun$…} (Scala 3's too, for a function converted to a Java functional interface), Scala 3's
     * {@code enclosing$$anonfun$N} (and its {@code enclosing$$anonfun$adapted$N} boxing forwarder) for a Scala function,
     * kotlinc's {@code enclosing$lambda$N}. The rewriter takes such a method (with the access each
     * compiler gives it: {@code MethodClassifier.isLambdaBody}) as a body reached through a functional interface; the
     * run-time messages name it as a lambda.
     */
    public static boolean isLambdaBodyName(String methodName) {
        return methodName.startsWith("lambda$") || isScalaFunctionBodyName(methodName) || methodName.contains("$lambda$");
    }

    /** Whether a method's name is scalac's name for the body of a Scala function: see {@link #isLambdaBodyName}. */
    public static boolean isScalaFunctionBodyName(String methodName) {
        return methodName.startsWith("$anonfun$") || methodName.contains("$$anonfun$");
    }

    /** Name prefix of the synthetic static method that resumes one rewritten method. */
    public static final String RESUME_ADAPTER_PREFIX = "coflow$resume$";
    /**
     * Name prefix of the synthetic static method that spills one suspension point of a rewritten method
     * ({@code coflow$spill$N$S}: adapter {@code N}, state {@code S}), so that the body keeps only a call of it.
     */
    public static final String SPILL_PREFIX = "coflow$spill$";
    /** Descriptor of every resume adapter. */
    public static final String RESUME_ADAPTER_DESCRIPTOR = "(Ldev/coflow/runtime/Frame;Ldev/coflow/runtime/Context;Ljava/lang/Object;)V";

    // ---------------------------------------------------------------- entry points (test hook, the agent's entryPoints=true)

    public static final String ENTRY_POINTS = "dev/coflow/runtime/EntryPoints";
    /** The marker call the rewriter inserts at a body's entry and then replaces: a suspension point of its own kind. */
    public static final String ENTRY_POINT_MARK = "mark";
    public static final String ENTRY_POINT_MARK_DESCRIPTOR = "()V";
    /** What the marker becomes: begins a suspension when the installed policy says so, returning the context, else {@code null}. */
    public static final String ENTRY_POINT_BEGIN = "begin";
    public static final String ENTRY_POINT_BEGIN_DESCRIPTOR = "(Ldev/coflow/runtime/Context;)Ldev/coflow/runtime/Context;";
}
