package dev.coflow.rewriter;

import dev.coflow.rewriter.AsmApi;
import dev.coflow.rewriter.analysis.SuspensionPointsAnalysis;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.pass.BackwardJumps;
import dev.coflow.rewriter.pass.DebugLines;
import dev.coflow.rewriter.pass.DirectCallPass;
import dev.coflow.rewriter.pass.VirtualEntryPass;
import dev.coflow.rewriter.pass.MethodRefPass;
import dev.coflow.rewriter.pass.MethodRewriter;
import dev.coflow.rewriter.pass.StateMachinePass;
import dev.coflow.runtime.BytecodeContract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.LimitExceededException;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The one pure entry point of the rewriter: class-file bytes in, rewritten bytes (or none) and
 * diagnostics out. The agent and the tests are thin shells around it.
 */
public final class ClassRewriter {
    private ClassRewriter() {
    }

    /**
     * Switches of one rewrite.
     *
     * @param verify     check the rewritten class with ASM and keep the original when it fails
     * @param entryPoints a test hook: a conditional suspension point at the entry of every rewritten body
     *                    ({@link dev.coflow.rewriter.pass.EntryPointPass}), which does nothing unless a test kit
     *                    installs a policy ({@code dev.coflow.runtime.EntryPoints})
     */
    public record Options(boolean verify, boolean entryPoints) {
        public static final Options DEFAULT = new Options(false);

        public Options(boolean verify) {
            this(verify, false);
        }
    }

    /**
     * What a rewrite produced.
     *
     * @param bytes       the rewritten class, or {@code null} when it stays as it was
     * @param diagnostics the methods refused and errors met
     * @param rewritten   the rewritten methods, as {@code name descriptor}
     * @param implicit    refusals of methods that are coroutine methods only because their class is
     *                    suspendable (the agent's {@code suspendable=} option): expected, so reported
     *                    with {@code trace=true} and counted, not printed as errors; not in {@code diagnostics}
     * @param warnings    {@link Problem#TOO_LARGE_TO_COMPILE}: rewritten methods (not those of {@code implicit}'s kind)
     *                    that the JIT will not compile once rewritten; see {@link #tooLargeToCompile}
     */
    public record Result(byte[] bytes, List<Diagnostic> diagnostics, List<String> rewritten, List<Diagnostic> implicit,
                         List<Diagnostic> warnings) {
        Result(byte[] bytes, List<Diagnostic> diagnostics, List<String> rewritten, List<Diagnostic> implicit) {
            this(bytes, diagnostics, rewritten, implicit, List.of());
        }

        Result(byte[] bytes, List<Diagnostic> diagnostics, List<String> rewritten) {
            this(bytes, diagnostics, rewritten, List.of());
        }
    }

    /**
     * Passes the class through to {@code writer} and adds the {@code @Rewritten} mark at the very end. ASM's
     * writer puts constants in the pool in the order it is given them; the mark's three constants, given
     * first with the class's annotations, would shift every later index by three, and an {@code ldc} of a
     * method left as it was could then need the wider {@code ldc_w}: a method refused for its size, or any
     * other kept method, must stay byte for byte as javac wrote it. {@code ClassWriter} does not mind the
     * annotation arriving after the methods.
     */
    private static ClassVisitor markedLast(ClassWriter writer) {
        return new ClassVisitor(AsmApi.LEVEL, writer) {
            @Override
            public void visitEnd() {
                AnnotationVisitor mark = writer.visitAnnotation(BytecodeContract.REWRITTEN_DESCRIPTOR, false);
                mark.visit(BytecodeContract.REWRITTEN_VERSION, VERSION);
                mark.visitEnd();
                super.visitEnd();
            }
        };
    }

    /**
     * The refusals whose method gets {@link #guardRefused}: those of a method that stays as javac wrote it
     * but for that one call. Not the size refusals (the method may have no room left) nor those of a class
     * too old for the rewriter.
     */
    private static final Set<Problem> GUARDED = java.util.EnumSet.of(Problem.CONSTRUCTOR, Problem.STATIC_INITIALIZER,
            Problem.SYNCHRONIZED_METHOD, Problem.YIELD_IN_SYNCHRONIZED_BLOCK, Problem.UNINITIALIZED_ACROSS_SUSPENSION,
            Problem.RECEIVER_OVERWRITTEN, Problem.ANALYSIS_FAILED, Problem.ANALYSIS_TOO_COSTLY);

    /**
     * Gives a refused coroutine method one call at its entry, {@code Suspension.enterRefused()}, which drops the
     * key its caller armed: the method is on no suspension path, and the key must not reach a callee that
     * would take it and suspend below a frame that cannot be saved (a refused forwarder of an interface
     * method to another implementation: RefusedForwarderTest). The call takes no operand and touches no
     * local, so the method's stack map frames stay true.
     */
    private static void guardRefused(MethodNode m, Problem why) {
        m.instructions.insert(new MethodInsnNode(Opcodes.INVOKESTATIC, BytecodeContract.SUSPENSION, BytecodeContract.ENTER_REFUSED,
                BytecodeContract.ENTER_REFUSED_DESCRIPTOR, false));
        // and why, for a run-time error in the method to repeat, however the class was rewritten (Diagnostics.refusedMark)
        AnnotationVisitor mark = m.visitAnnotation(BytecodeContract.REFUSED_DESCRIPTOR, true);
        mark.visit(BytecodeContract.REFUSED_WHY, why.message());
        mark.visit(BytecodeContract.REFUSED_FIX, why.fix());
        mark.visitEnd();
    }

    /**
     * Asks every {@code LambdaMetafactory} site of the class whose implementation is a body rewritten here (a
     * {@code lambda$} body or {@code coflow$ref$} adapter) to add the {@code RewrittenBody} marker interface to
     * the object it makes. A handle arms the first call of a marked body with its interface method's key, which
     * that body's own entry takes; any other body is armed with a key no callback further down can take
     * (Suspension.ROOT_UNMARKED). Sites in the original methods and in the new bodies are both seen.
     */
    private static void markRewrittenBodies(ClassNode node, List<MethodNode> added, List<String> rewritten) {
        List<MethodNode> code = new ArrayList<>(node.methods);
        code.addAll(added);
        for (MethodNode m : code) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy
                        && indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory") && indy.bsmArgs.length >= 3
                        && indy.bsmArgs[1] instanceof org.objectweb.asm.Handle impl && impl.getOwner().equals(node.name)
                        && rewritten.contains(impl.getName() + impl.getDesc())) {
                    addMarker(indy);
                }
            }
        }
    }

    private static final int FLAG_MARKERS = 2; // LambdaMetafactory.FLAG_MARKERS
    private static final ByteSearch LAMBDA_METAFACTORY = ByteSearch.of("java/lang/invoke/LambdaMetafactory");

    /**
     * Whether calls proven quiet ({@link QuietCalls}) are left out of the suspension points; on unless the system
     * property {@code coflow.quietCalls} is {@code false} (to measure what the proof saves, or to rule it out).
     */
    static final boolean QUIET_CALLS = !"false".equals(System.getProperty("coflow.quietCalls"));

    private static void addMarker(org.objectweb.asm.tree.InvokeDynamicInsnNode indy) {
        org.objectweb.asm.Type marker = org.objectweb.asm.Type.getObjectType(BytecodeContract.REWRITTEN_BODY);
        List<Object> args = new ArrayList<>(List.of(indy.bsmArgs));
        if (indy.bsm.getName().equals("metafactory")) {
            args.add(FLAG_MARKERS);
            args.add(1);
            args.add(marker);
            indy.bsm = new org.objectweb.asm.Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "altMetafactory",
                    "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;[Ljava/lang/Object;)"
                            + "Ljava/lang/invoke/CallSite;", false);
        } else if (indy.bsm.getName().equals("altMetafactory") && args.size() > 3 && args.get(3) instanceof Integer flags) {
            if ((flags & FLAG_MARKERS) != 0 && args.size() > 4 && args.get(4) instanceof Integer count) {
                if (args.subList(5, 5 + count).contains(marker)) {
                    return; // marked already (a site shared by two bodies' copies)
                }
                args.set(4, count + 1);
                args.add(5 + count, marker);
            } else {
                args.set(3, flags | FLAG_MARKERS);
                args.add(4, 1);
                args.add(5, marker);
            }
        } else {
            return;
        }
        indy.bsmArgs = args.toArray();
    }

    /** This rewriter's version, as written into the {@link BytecodeContract#REWRITTEN_DESCRIPTOR mark} of every class it rewrites. */
    public static final String VERSION = readVersion();

    private static String readVersion() {
        ClassLoader loader = ClassRewriter.class.getClassLoader();
        try (java.io.InputStream in = loader == null ? null : loader.getResourceAsStream("META-INF/coflow-rewriter.version")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * The coflow version that rewrote {@code classFile} (the class's {@code @Rewritten} mark), or {@code null}
     * when it was not rewritten (or cannot be read). The agent leaves a marked class alone.
     */
    public static String rewrittenBy(byte[] classFile) {
        if (new String(classFile, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(MARK_TEXT) < 0) {
            return null; // the descriptor is in the constant pool of every marked class: most classes stop here
        }
        try {
            ClassNode node = new ClassNode(AsmApi.LEVEL);
            new ClassReader(classFile).accept(node, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return rewrittenBy(node);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static final String MARK_TEXT = BytecodeContract.REWRITTEN_DESCRIPTOR;

    private static String rewrittenBy(ClassNode node) {
        if (node.invisibleAnnotations != null) {
            for (org.objectweb.asm.tree.AnnotationNode a : node.invisibleAnnotations) {
                if (a.desc.equals(BytecodeContract.REWRITTEN_DESCRIPTOR)) {
                    for (int i = 0; a.values != null && i + 1 < a.values.size(); i += 2) {
                        if (BytecodeContract.REWRITTEN_VERSION.equals(a.values.get(i))) {
                            return String.valueOf(a.values.get(i + 1));
                        }
                    }
                    return "unknown";
                }
            }
        }
        return null;
    }

    /** Rewrites the coroutine methods of {@code classFile}. Never throws for bad input: problems become diagnostics. */
    public static Result rewrite(byte[] classFile, ClassHierarchy hierarchy, Options options) {
        return rewrite(classFile, hierarchy, options, new HashSet<>(), new ArrayList<>(), new ArrayList<>());
    }

    private static Result rewrite(byte[] classFile, ClassHierarchy hierarchy, Options options, Set<String> excluded,
                                  List<Diagnostic> diagnostics, List<Diagnostic> implicit) {
        ClassNode node = new ClassNode(AsmApi.LEVEL);
        try {
            new ClassReader(classFile).accept(node, 0);
        } catch (RuntimeException e) {
            diagnostics.add(unreadable(classFile, e));
            return new Result(null, diagnostics, List.of());
        }
        // The steps are listed, with what each requires and establishes, in MethodRewriter's javadoc.
        // 1. read, skip what is done
        if (rewrittenBy(node) != null) {
            return new Result(null, diagnostics, List.of()); // already rewritten (at build time, or by a pass before): a no-op
        }
        for (MethodNode m : node.methods) {
            if (m.name.startsWith(BytecodeContract.RESUME_ADAPTER_PREFIX)) {
                return new Result(null, diagnostics, List.of()); // rewritten by a coflow from before the mark: a no-op
            }
        }
        ClassHierarchy.ClassInfo self = hierarchy.remember(classFile);
        // the methods as read: those still in the class when it is written keep their max_stack and max_locals (keptAsRead)
        Set<MethodNode> asRead = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        asRead.addAll(node.methods);
        // 2. classify: which methods are coroutine methods, and why (a suspendable class's refusals are implicit)
        Map<String, MethodClassifier.Reason> coroutineMethods = MethodClassifier.declared(node, hierarchy, self);
        Predicate<MethodInsnNode> coroutineCall = call -> SuspensionPointsAnalysis.isYieldFrom(call)
                || (call.owner.equals(node.name) && coroutineMethods.containsKey(call.name + call.desc))
                || hierarchy.isCoroutineMethod(call.owner, call.name, call.desc)
                || call.getOpcode() == Opcodes.INVOKEINTERFACE && hierarchy.isFunctionalInterfaceMethod(call.owner, call.name, call.desc);
        // a call that cannot be overridden, of a method that provably cannot suspend, is no suspension point
        QuietCalls quiet = QUIET_CALLS ? hierarchy.quietCalls() : null;
        if (quiet != null) {
            quiet.remember(node.name, classFile);
        }
        Predicate<MethodInsnNode> suspendable = quiet == null ? coroutineCall : call -> coroutineCall.test(call) && !quiet.isQuiet(call);
        // 3. adapt method references to coroutine methods: their adaptation becomes rewritten code (coflow$ref$N)
        if (!tooOld(node)) {
            MethodRefPass.apply(node, h -> (h.getOwner().equals(node.name) && coroutineMethods.containsKey(h.getName() + h.getDesc()))
                    || hierarchy.isCoroutineMethod(h.getOwner(), h.getName(), h.getDesc()));
        }
        // 4. classify the synthetic bodies, and the interface keys that reach each
        Map<String, StateMachinePass.Entry> entries = forwardedEntries(node);
        MethodClassifier.synthetic(node, coroutineMethods, suspendable);
        if (coroutineMethods.isEmpty()) {
            return new Result(null, diagnostics, List.of(), implicit);
        }
        boolean tooOld = tooOld(node);
        List<MethodNode> bodies = new ArrayList<>();   // fresh and resume bodies of the rewritten methods, in their order
        List<MethodNode> adapters = new ArrayList<>(); // their resume adapters
        List<MethodNode> spills = new ArrayList<>();   // their points' spill methods (and, once made, the virtual entries)
        boolean entriesAllowed = !tooOld && !keepsDefaultSerialVersion(node, hierarchy);
        List<MethodNode> virtualEntries = new ArrayList<>(); // the virtual entries of the class's instance coroutine methods
        List<String> rewritten = new ArrayList<>();
        Map<String, Integer> rewrittenAccess = new HashMap<>();
        java.util.Set<String> withEntry = new java.util.HashSet<>(); // the rewritten instance methods given a virtual entry
        // refused coroutine methods that get Suspension.enterRefused at their entry (see guardRefused)
        Map<MethodNode, Problem> guarded = new java.util.LinkedHashMap<>();
        int adapterIndex = 0;
        Map<MethodNode, List<Integer>> bodyOf = new java.util.IdentityHashMap<>(); // bridge -> its bodies' indices
        // 5. each coroutine method (MethodRewriter)
        for (int i = 0; i < node.methods.size(); i++) {
            MethodNode m = node.methods.get(i);
            String key = m.name + m.desc;
            if (!coroutineMethods.containsKey(key) || excluded.contains(key) || (m.access & Opcodes.ACC_ABSTRACT) != 0) {
                continue;
            }
            List<Diagnostic> refusals = coroutineMethods.get(key).implicit() ? implicit : diagnostics;
            if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                refusals.add(new Diagnostic(node.name, m.name, m.desc, node.sourceFile, -1, Problem.NATIVE_METHOD, null));
                continue;
            }
            if (tooOld) {
                if (!SuspensionPointsAnalysis.of(m, null, suspendable).isEmpty()) {
                    refusals.add(new Diagnostic(node.name, m.name, m.desc, node.sourceFile, -1, Problem.CLASS_VERSION_TOO_OLD,
                            "class file version " + (node.version & 0xFFFF) + "."));
                }
                continue;
            }
            MethodRewriter.Outcome outcome;
            try {
                StateMachinePass.Entry entry = MethodClassifier.isLambdaBody(m.access, m.name)
                        ? entries.getOrDefault(key, new StateMachinePass.Entry(true, null, null)) : StateMachinePass.Entry.DIRECT;
                outcome = MethodRewriter.rewrite(node, m, hierarchy, suspendable, BytecodeContract.RESUME_ADAPTER_PREFIX + adapterIndex,
                        options.entryPoints(), entry);
            } catch (RuntimeException e) {
                refusals.add(new Diagnostic(node.name, m.name, m.desc, node.sourceFile, -1, Problem.analysisFailure(e), e.toString()));
                continue;
            }
            if (outcome == null) {
                continue;
            }
            if (outcome.refusal() != null) {
                refusals.add(outcome.refusal());
                if (GUARDED.contains(outcome.refusal().problem())) {
                    guarded.put(m, outcome.refusal().problem());
                }
                continue;
            }
            adapterIndex++;
            rewrittenAccess.put(key, m.access);
            node.methods.set(i, outcome.bridge());
            StateMachinePass.Rewritten made = outcome.rewritten();
            List<Integer> indices = new ArrayList<>();
            indices.add(bodies.size());
            bodies.add(made.fresh());
            if (made.resume() != null) {
                indices.add(bodies.size());
                bodies.add(made.resume());
                adapters.add(made.adapter());
            }
            bodyOf.put(outcome.bridge(), indices);
            spills.addAll(made.spills());
            rewritten.add(key);
            if (entriesAllowed && VirtualEntryPass.applies(node.access, m.access, m.name) && !MethodClassifier.isLambdaBody(m.access, m.name)) {
                virtualEntries.add(VirtualEntryPass.concrete(node, outcome.bridge(), virtualEntries.size()));
                withEntry.add(key);
            } else if (entriesAllowed && VirtualEntryPass.appliesToStatic(node.access, m.access, m.name) && !MethodClassifier.isLambdaBody(m.access, m.name)) {
                virtualEntries.add(VirtualEntryPass.ofStatic(node, outcome.bridge()));
            }
        }
        if (entriesAllowed) {
            // the abstract coroutine methods: calls through their entries reach the entries of rewritten overrides
            for (MethodNode m : node.methods) {
                if ((m.access & Opcodes.ACC_ABSTRACT) != 0 && coroutineMethods.containsKey(m.name + m.desc)
                        && VirtualEntryPass.applies(node.access, m.access, m.name)) {
                    virtualEntries.add(VirtualEntryPass.ofAbstract(node, m));
                }
            }
        }
        spills.addAll(virtualEntries);
        if (rewritten.isEmpty() && guarded.isEmpty() && virtualEntries.isEmpty()) {
            return new Result(null, diagnostics, List.of(), implicit);
        }
        guarded.forEach(ClassRewriter::guardRefused);
        Problem initializerRefused = guarded.entrySet().stream().filter(e -> e.getKey().name.equals("<clinit>"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (initializerRefused != null) {
            // reflection does not list <clinit>, so its mark goes on the class too (Diagnostics.refusedMark)
            AnnotationVisitor mark = node.visitAnnotation(BytecodeContract.REFUSED_DESCRIPTOR, true);
            mark.visit(BytecodeContract.REFUSED_WHY, initializerRefused.message());
            mark.visit(BytecodeContract.REFUSED_FIX, initializerRefused.fix());
            mark.visitEnd();
        }
        // 6. mark rewritten lambda sites (the rewriter makes none: a class whose constant pool does not name the factory has none)
        if (LAMBDA_METAFACTORY.in(classFile)) {
            markRewrittenBodies(node, bodies, rewritten);
        }
        byte[] out;
        try {
            // 7. direct calls between the class's bodies
            for (MethodNode body : bodies) {
                String originalDescriptor = BytecodeContract.originalDescriptor(body.desc);
                DirectCallPass.apply(node, body, DirectCallPass.contextSlot(body.access, originalDescriptor), rewrittenAccess, withEntry);
            }
            // 8. debug lines
            DebugLines.entryLines(bodies, node.methods);
            // 9 and 10 in one writer: frames computed for the new bodies and spill methods only (no failure: the usual case)
            out = writeOnce(node, classFile, bodies, bodyOf, adapters, spills, hierarchy, asRead);
            if (out == null) {
                // 9. frames for the new bodies only, in a class of their own, each alone when that fails (to name the one ASM cannot lay out)
                List<MethodNode> framed;
                try {
                    framed = computeFrames(node, bodies, hierarchy);
                } catch (MethodTooLargeException | ClassTooLargeException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // ASM 9.11.1 fails to lay out a body over 32 KB whose backward jumps its goto_w expansion would
                    // push past 16 bits (BackwardJumps): find the bodies that fail alone and give them 32-bit backward
                    // jumps; leave those that still fail as they were
                    List<Diagnostic> farJumps = new ArrayList<>();
                    List<Diagnostic> implicitFarJumps = new ArrayList<>();
                    for (MethodNode body : bodies) {
                        String descriptor = BytecodeContract.originalDescriptor(body.desc);
                        try {
                            computeFrames(node, List.of(body), hierarchy);
                        } catch (MethodTooLargeException tooLarge) {
                            throw tooLarge;
                        } catch (RuntimeException alone) {
                            if (!(alone instanceof LimitExceededException) && BackwardJumps.widen(body) > 0) {
                                try {
                                    computeFrames(node, List.of(body), hierarchy);
                                    continue; // laid out now
                                } catch (MethodTooLargeException tooLarge) {
                                    throw tooLarge;
                                } catch (RuntimeException again) {
                                    alone = again;
                                }
                            }
                            excluded.add(body.name + descriptor);
                            (isImplicit(coroutineMethods, body.name + descriptor) ? implicitFarJumps : farJumps).add(new Diagnostic(node.name, body.name, descriptor, node.sourceFile, firstLine(node, body.name + descriptor),
                                    alone instanceof LimitExceededException ? Problem.ANALYSIS_TOO_COSTLY : Problem.JUMPS_TOO_FAR,
                                    "ASM failed with " + alone + "."));
                        }
                    }
                    if (farJumps.isEmpty() && implicitFarJumps.isEmpty()) {
                        try {
                            framed = computeFrames(node, bodies, hierarchy); // every body laid out alone: all together now
                        } catch (MethodTooLargeException | ClassTooLargeException tooLarge) {
                            throw tooLarge;
                        } catch (RuntimeException still) {
                            diagnostics.add(new Diagnostic(node.name, null, null, node.sourceFile, -1, Problem.analysisFailure(e),
                                    "writing the rewritten class failed with " + e + "."));
                            return new Result(null, diagnostics, List.of(), implicit);
                        }
                    } else {
                        // again without those methods; fresh lists, so every other method is reported once
                        Result again = rewrite(classFile, hierarchy, options, excluded, new ArrayList<>(), new ArrayList<>());
                        List<Diagnostic> againDiagnostics = new ArrayList<>(farJumps);
                        againDiagnostics.addAll(again.diagnostics());
                        List<Diagnostic> againImplicit = new ArrayList<>(implicitFarJumps);
                        againImplicit.addAll(again.implicit());
                        return new Result(again.bytes(), againDiagnostics, again.rewritten(), againImplicit, again.warnings());
                    }
                }
                bodies = framed;
                List<MethodNode> framedSpills = spills.isEmpty() ? spills : computeFrames(node, spills, hierarchy);
                // 10. write, as writeOnce does but with the frames computed above
                node.methods = ordered(node.methods, bodies, bodyOf, adapters, framedSpills);
                ClassWriter writer = AsmApi.limited(new ClassWriter(new ClassReader(classFile), ClassWriter.COMPUTE_MAXS));
                Set<String> kept = keptAsRead(node, asRead);
                node.accept(new ClassVisitor(AsmApi.LEVEL, markedLast(writer)) {
                    @Override
                    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                        writer.setFlags(kept.contains(name + descriptor) ? 0 : ClassWriter.COMPUTE_MAXS);
                        return super.visitMethod(access, name, descriptor, signature, exceptions);
                    }
                });
                try {
                    out = writer.toByteArray();
                } catch (MethodTooLargeException | ClassTooLargeException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // ASM 9.11's goto_w expansion can fail on a method of the class that was not rewritten but grew
                    // when the constant pool was laid out anew (ldc becoming ldc_w past 32 KB of code): keep the class
                    diagnostics.add(new Diagnostic(node.name, null, null, node.sourceFile, -1, Problem.analysisFailure(e),
                            "writing the rewritten class failed with " + e + (e instanceof LimitExceededException ? "."
                                    : " (ASM could not lay out the jumps of a method over 32 KB).")));
                    return new Result(null, diagnostics, List.of(), implicit);
                }
            }
        } catch (MethodTooLargeException e) {
            return tooLarge(classFile, hierarchy, options, excluded, diagnostics, implicit, coroutineMethods, node, e);
        } catch (ClassTooLargeException e) {
            diagnostics.add(new Diagnostic(node.name, null, null, node.sourceFile, -1, Problem.CLASS_TOO_LARGE,
                    "constant pool of " + e.getConstantPoolCount() + " entries."));
            return new Result(null, diagnostics, List.of(), implicit);
        }
        // 11. verify (option)
        if (options.verify()) {
            String problems = verify(out, hierarchy);
            if (problems != null) {
                diagnostics.add(new Diagnostic(node.name, null, null, node.sourceFile, -1, Problem.VERIFY_FAILED, problems));
                return new Result(null, diagnostics, List.of(), implicit);
            }
        }
        return new Result(out, diagnostics, rewritten, implicit, tooLargeToCompile(node, classFile, out, bodies, coroutineMethods));
    }

    /** HotSpot's {@code HugeMethodLimit}: with {@code DontCompileHugeMethods} on (the default), a method with more bytes of bytecode is never compiled. */
    static final int HUGE_METHOD_LIMIT = 8000;

    /**
     * The rewritten methods one of whose bodies is over {@link #HUGE_METHOD_LIMIT} where the method as written was not: a
     * silent cliff (the body runs interpreted for ever) that the user can act on, so it is a warning. Not for methods that
     * are coroutine methods only because their class is suspendable: a library's method cannot be split by its user, and
     * its resume body runs only after it suspended. Sizes are the class files' own code lengths (the original's read only
     * when a rewritten method is over the limit).
     */
    private static List<Diagnostic> tooLargeToCompile(ClassNode node, byte[] original, byte[] rewritten, List<MethodNode> bodies,
                                                      Map<String, MethodClassifier.Reason> coroutineMethods) {
        Map<String, Integer> after = codeLengths(rewritten, HUGE_METHOD_LIMIT);
        if (after.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> before = codeLengths(original);
        Map<String, List<String>> bodiesOver = new java.util.LinkedHashMap<>();
        for (MethodNode body : bodies) {
            String key = body.name + BytecodeContract.originalDescriptor(body.desc);
            Integer was = before.get(key);
            Integer now = after.get(body.name + body.desc);
            if (was == null || now == null || was > HUGE_METHOD_LIMIT || isImplicit(coroutineMethods, key)) {
                continue;
            }
            boolean fresh = body.desc.contains(BytecodeContract.CONTEXT_DESCRIPTOR + ")");
            bodiesOver.computeIfAbsent(key, k -> new ArrayList<>()).add((fresh ? "its fresh body (what a call runs) is "
                    : "its resume body (what runs after each resume) is ") + now + " bytes");
        }
        List<Diagnostic> warnings = new ArrayList<>();
        bodiesOver.forEach((key, over) -> {
            int paren = key.indexOf('(');
            warnings.add(new Diagnostic(node.name, key.substring(0, paren), key.substring(paren), node.sourceFile, firstLine(node, key),
                    Problem.TOO_LARGE_TO_COMPILE, String.join("; ", over) + "; the method as written is " + before.get(key) + " bytes."));
        });
        return warnings;
    }

    /** The length of each method's code in a class file, by name and descriptor (no entry for abstract and native methods). */
    static Map<String, Integer> codeLengths(byte[] classFile) {
        return codeLengths(classFile, -1);
    }

    /**
     * As {@link #codeLengths(byte[])}, for the methods whose code is longer than {@code over} bytes only: a walk over the
     * class file's member tables that reads no instruction (and no name but theirs), cheaper than sizing the bodies.
     */
    static Map<String, Integer> codeLengths(byte[] classFile, int over) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        Map<String, Integer> lengths = new HashMap<>();
        int at = reader.header + 6;
        at += 2 + 2 * reader.readUnsignedShort(at); // interfaces
        for (int member = 0; member < 2; member++) { // the fields, then the methods
            int count = reader.readUnsignedShort(at);
            at += 2;
            for (int i = 0; i < count; i++) {
                int names = at + 2;
                int attributes = reader.readUnsignedShort(at + 6);
                at += 8;
                for (int a = 0; a < attributes; a++) {
                    int length = reader.readInt(at + 2);
                    if (member == 1 && "Code".equals(reader.readUTF8(at, buffer))) {
                        int code = reader.readInt(at + 6 + 4); // after max_stack and max_locals
                        if (code > over) {
                            lengths.put(reader.readUTF8(names, buffer) + reader.readUTF8(names + 2, buffer), code);
                        }
                    }
                    at += 6 + length;
                }
            }
        }
        return lengths;
    }

    /**
     * Whether the class is (or may be: a supertype could not be read) {@code Serializable} without declaring a
     * {@code serialVersionUID}: its default one is computed from its members, private ones left out, so the virtual
     * entries (with their methods' access) would change it, and objects serialized by a JVM without the agent would no
     * longer deserialize with it. Such a class gets no entries; calls into it are armed and go through its bridges.
     * Enums and records have a serialVersionUID of 0 whatever their members.
     */
    static boolean keepsDefaultSerialVersion(ClassNode node, ClassHierarchy hierarchy) {
        if ((node.access & Opcodes.ACC_ENUM) != 0 || "java/lang/Record".equals(node.superName)) {
            return false;
        }
        for (org.objectweb.asm.tree.FieldNode f : node.fields) {
            if (f.name.equals("serialVersionUID")) {
                return false;
            }
        }
        Set<String> seen = new HashSet<>();
        List<String> work = new ArrayList<>();
        if (node.superName != null) {
            work.add(node.superName);
        }
        work.addAll(node.interfaces);
        while (!work.isEmpty()) {
            String name = work.remove(work.size() - 1);
            if (name.equals("java/io/Serializable")) {
                return true;
            }
            if (name.equals("java/lang/Object") || !seen.add(name)) {
                continue;
            }
            ClassHierarchy.ClassInfo info = hierarchy.lookup(name);
            if (info == null) {
                return true; // cannot tell
            }
            if (info.superName() != null) {
                work.add(info.superName());
            }
            work.addAll(info.interfaces());
        }
        return false;
    }

    /**
     * The diagnostic for a class file ASM cannot read: a version it does not know (ASM checks it
     * first), or bytes that are truncated or malformed. The class is named when its name can be read.
     */
    private static Diagnostic unreadable(byte[] classFile, RuntimeException e) {
        int major = classFile.length >= 8 && readInt(classFile, 0) == 0xCAFEBABE ? (classFile[6] & 0xFF) << 8 | classFile[7] & 0xFF : -1;
        int newest = newestReadableVersion();
        boolean tooNew = major > newest && e instanceof IllegalArgumentException;
        String name = className(classFile);
        if (tooNew) {
            return new Diagnostic(name, null, null, null, -1, Problem.CLASS_VERSION_TOO_NEW,
                    "class file major version " + major + " (Java " + (major - 44) + "); the bundled ASM reads up to "
                            + newest + " (Java " + (newest - 44) + ").");
        }
        return new Diagnostic(name, null, null, null, -1, Problem.CLASS_FILE_MALFORMED,
                classFile.length + " bytes; reading them failed with " + e);
    }

    private static int newestReadable;

    /** The newest class-file major version the bundled ASM accepts, found once by asking it (ASM keeps the bound private). */
    static synchronized int newestReadableVersion() {
        if (newestReadable == 0) {
            ClassWriter writer = new ClassWriter(0);
            writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "Probe", null, "java/lang/Object", null);
            writer.visitEnd();
            byte[] probe = writer.toByteArray();
            int version = Opcodes.V1_8;
            for (;; version++) {
                probe[6] = (byte) ((version + 1) >> 8);
                probe[7] = (byte) (version + 1);
                try {
                    new ClassReader(probe);
                } catch (IllegalArgumentException tooNew) {
                    break;
                }
            }
            newestReadable = version;
        }
        return newestReadable;
    }

    /** The class's name from its {@code this_class} entry, read as leniently as possible (any version), or {@code "?"}. */
    private static String className(byte[] classFile) {
        try {
            byte[] copy = classFile.clone();
            copy[6] = 0;
            copy[7] = (byte) (Opcodes.V17 & 0xFF); // a version ASM reads, only to find the name
            return new ClassReader(copy).getClassName();
        } catch (RuntimeException unreadable) {
            return "?";
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    /** The first line number of the method {@code key} (name and descriptor) of the class as read, or -1. */
    private static int firstLine(ClassNode node, String key) {
        for (MethodNode m : node.methods) {
            if ((m.name + m.desc).equals(key)) {
                for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn instanceof org.objectweb.asm.tree.LineNumberNode line) {
                        return line.line;
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Computes stack map frames for the rewritten bodies alone: they are written into a class of the
     * same name, super types and flags with {@code COMPUTE_FRAMES} (common super classes from
     * {@link ClassHierarchy}) and read back with their frames. The class's other methods keep the
     * frames javac wrote, so a class the hierarchy cannot fully see still loads as it did.
     */
    /**
     * A rewritten method is too large: reports it as the user wrote it (a body has the method's name and its descriptor
     * plus {@code (Context)} or {@code (Context, Frame, Object)}) and rewrites the class again without it.
     */
    private static Result tooLarge(byte[] classFile, ClassHierarchy hierarchy, Options options, Set<String> excluded,
                                   List<Diagnostic> diagnostics, List<Diagnostic> implicit,
                                   Map<String, MethodClassifier.Reason> coroutineMethods, ClassNode node, MethodTooLargeException e) {
        String descriptor = BytecodeContract.originalDescriptor(e.getDescriptor());
        String key = e.getMethodName() + descriptor;
        MethodClassifier.Reason reason = coroutineMethods.get(key);
        boolean isImplicit = reason != null && reason.implicit();
        Diagnostic tooLarge = new Diagnostic(node.name, e.getMethodName(), descriptor, node.sourceFile, firstLine(node, key),
                Problem.METHOD_TOO_LARGE, "rewritten code size " + e.getCodeSize() + " bytes; the limit is 65535.");
        if (!excluded.add(key)) {
            (isImplicit ? implicit : diagnostics).add(tooLarge);
            return new Result(null, diagnostics, List.of(), implicit);
        }
        // again without that method; fresh lists, so every other method is reported once
        Result again = rewrite(classFile, hierarchy, options, excluded, new ArrayList<>(), new ArrayList<>());
        List<Diagnostic> againDiagnostics = new ArrayList<>(again.diagnostics());
        List<Diagnostic> againImplicit = new ArrayList<>(again.implicit());
        (isImplicit ? againImplicit : againDiagnostics).add(0, tooLarge);
        return new Result(again.bytes(), againDiagnostics, again.rewritten(), againImplicit);
    }

    /**
     * The class's methods in the order they are written: each bridge's bodies right before it, the fresh body first (all
     * carry the method's first line, and a debugger that sets a line breakpoint at the first location of the line only,
     * jdb, must find it in a body), then the resume adapters, then the spill methods.
     */
    private static List<MethodNode> ordered(List<MethodNode> methods, List<MethodNode> bodies, Map<MethodNode, List<Integer>> bodyOf,
                                            List<MethodNode> adapters, List<MethodNode> spills) {
        List<MethodNode> ordered = new ArrayList<>();
        for (MethodNode m : methods) {
            for (int body : bodyOf.getOrDefault(m, List.of())) {
                ordered.add(bodies.get(body));
            }
            ordered.add(m);
        }
        ordered.addAll(adapters);
        ordered.addAll(spills);
        return ordered;
    }

    /**
     * Writes the rewritten class with one {@code ClassWriter}: ASM computes the frames of the new bodies and spill methods
     * ({@code setFlags(COMPUTE_FRAMES)} before each) and only the maximum stack and locals of every other method, which
     * keeps the stack map frames javac wrote ({@code KeptMethodsTest}). The writer is seeded with the original constant
     * pool: a constant keeps its index, so a method kept as it was keeps its {@code ldc} encodings byte for byte whatever
     * the rewriter adds (new constants go at the end), and wherever the bodies are placed. Returns {@code null}, with the
     * class's method list as it was, when ASM fails otherwise than on a size limit (the far jumps of a method over 32 KB):
     * the caller then computes the bodies' frames apart, body by body, to name the one that fails. Either way the methods
     * come out the same (checked over every class of Jackson, Guava and commons-lang3: the same listing, constants in
     * another order in the pool).
     */
    private static byte[] writeOnce(ClassNode node, byte[] classFile, List<MethodNode> bodies, Map<MethodNode, List<Integer>> bodyOf,
                                    List<MethodNode> adapters, List<MethodNode> spills, ClassHierarchy hierarchy, Set<MethodNode> asRead) {
        Set<String> kept = keptAsRead(node, asRead);
        Set<String> framedHere = new HashSet<>();
        for (MethodNode m : bodies) {
            framedHere.add(m.name + m.desc);
        }
        for (MethodNode m : spills) {
            framedHere.add(m.name + m.desc);
        }
        List<MethodNode> methods = node.methods;
        node.methods = ordered(methods, bodies, bodyOf, adapters, spills);
        HierarchyClassWriter writer = new HierarchyClassWriter(new ClassReader(classFile), hierarchy, ClassWriter.COMPUTE_MAXS);
        ClassVisitor framing = new ClassVisitor(AsmApi.LEVEL, markedLast(writer)) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                writer.setFlags(framedHere.contains(name + descriptor) ? ClassWriter.COMPUTE_FRAMES
                        : kept.contains(name + descriptor) ? 0 : ClassWriter.COMPUTE_MAXS);
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
        };
        try {
            node.accept(framing);
            return writer.toByteArray();
        } catch (MethodTooLargeException | ClassTooLargeException e) {
            throw e;
        } catch (RuntimeException e) {
            node.methods = methods;
            return null;
        }
    }

    /**
     * The methods of the class as it was read that it still holds (not replaced by a bridge), by name and descriptor:
     * they are written with the max_stack and max_locals the compiler gave them. ASM's {@code COMPUTE_MAXS} counts only
     * the code a path reaches, and the JVM's verifier checks the rest too: the Eclipse compiler writes code no path
     * reaches (after a loop every pass of which throws), which may need more stack (DeadCodeTest). What the rewriter
     * adds to such a method (a refused method's {@code Suspension.enterRefused()}, method references' bootstrap
     * arguments) takes no stack slot and no local.
     */
    private static Set<String> keptAsRead(ClassNode node, Set<MethodNode> asRead) {
        Set<String> kept = new HashSet<>();
        for (MethodNode m : node.methods) {
            if (asRead.contains(m)) {
                kept.add(m.name + m.desc);
            }
        }
        return kept;
    }

    private static List<MethodNode> computeFrames(ClassNode owner, List<MethodNode> bodies, ClassHierarchy hierarchy) {
        ClassNode shell = new ClassNode(AsmApi.LEVEL);
        shell.version = owner.version;
        shell.access = owner.access;
        shell.name = owner.name;
        shell.superName = owner.superName;
        shell.interfaces = owner.interfaces;
        shell.sourceFile = owner.sourceFile;
        shell.methods = bodies;
        HierarchyClassWriter writer = new HierarchyClassWriter(hierarchy);
        shell.accept(writer);
        ClassNode framed = new ClassNode(AsmApi.LEVEL);
        new ClassReader(writer.toByteArray()).accept(framed, 0);
        return framed.methods;
    }

    /**
     * Checks a rewritten class without loading any class: ASM's structural checks, and a data-flow
     * pass over every method (kinds of locals and stack values). Returns the listing of the failing
     * method with a {@code >>>} marker, or {@code null}.
     */
    static String verify(byte[] classFile, ClassHierarchy hierarchy) {
        StringWriter text = new StringWriter();
        try {
            new ClassReader(classFile).accept(new CheckClassAdapter(null, false), 0);
        } catch (RuntimeException e) {
            return "structure: " + e.getMessage();
        }
        ClassNode node = new ClassNode(AsmApi.LEVEL);
        new ClassReader(classFile).accept(node, 0);
        for (MethodNode m : node.methods) {
            try {
                AsmApi.limited(new Analyzer<>(new BasicVerifier())).analyze(node.name, m);
            } catch (LimitExceededException e) {
                return m.name + m.desc + ": not checked, ASM stopped at its compute limit: " + e.getMessage();
            } catch (AnalyzerException e) {
                PrintWriter pw = new PrintWriter(text);
                pw.println(m.name + m.desc + ": " + e.getMessage());
                pw.print(dev.coflow.rewriter.report.BytecodeListing.of(m, e.node));
                pw.flush();
                return text.toString();
            }
        }
        return null;
    }

    private static boolean tooOld(ClassNode node) {
        return (node.version & 0xFFFF) < Opcodes.V1_8;
    }


    /**
     * For each lambda body and method-reference adapter of the class, the keys of the interface calls
     * that reach it: from the {@code LambdaMetafactory} call sites that name it (the interface method,
     * and the first bridge an {@code altMetafactory} site adds). A method named by call sites of
     * different interfaces accepts any interface call.
     */
    private static Map<String, StateMachinePass.Entry> forwardedEntries(ClassNode node) {
        Map<String, StateMachinePass.Entry> entries = new HashMap<>();
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (!(insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy)
                        || !indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory") || indy.bsmArgs.length < 3
                        || !(indy.bsmArgs[1] instanceof org.objectweb.asm.Handle impl) || !impl.getOwner().equals(node.name)
                        || !(indy.bsmArgs[0] instanceof org.objectweb.asm.Type sam)) {
                    continue;
                }
                String interfaceKey = BytecodeContract.INTERFACE_KEY_PREFIX + indy.name + sam.getDescriptor();
                String bridgeKey = null;
                if (indy.bsm.getName().equals("altMetafactory") && indy.bsmArgs.length > 3 && indy.bsmArgs[3] instanceof Integer flags) {
                    int at = 4;
                    if ((flags & 2) != 0 && at < indy.bsmArgs.length && indy.bsmArgs[at] instanceof Integer markers) {
                        at += 1 + markers; // FLAG_MARKERS: a count, then the marker interfaces
                    }
                    if ((flags & 4) != 0 && at < indy.bsmArgs.length && indy.bsmArgs[at] instanceof Integer bridges && bridges > 0
                            && indy.bsmArgs[at + 1] instanceof org.objectweb.asm.Type bridge) {
                        bridgeKey = BytecodeContract.INTERFACE_KEY_PREFIX + indy.name + bridge.getDescriptor(); // FLAG_BRIDGES
                    }
                }
                StateMachinePass.Entry entry = new StateMachinePass.Entry(true, interfaceKey, bridgeKey);
                String key = impl.getName() + impl.getDesc();
                StateMachinePass.Entry known = entries.putIfAbsent(key, entry);
                if (known != null && !known.equals(entry)) {
                    entries.put(key, new StateMachinePass.Entry(true, null, null));
                }
            }
        }
        return entries;
    }

    private static boolean isImplicit(Map<String, MethodClassifier.Reason> coroutineMethods, String key) {
        MethodClassifier.Reason reason = coroutineMethods.get(key);
        return reason != null && reason.implicit();
    }
}
