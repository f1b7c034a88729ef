package dev.coflow.rewriter.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/** A method's bytecode as text, with {@code >>>} in front of one instruction (the one that failed). */
public final class BytecodeListing {
    private BytecodeListing() {
    }

    public static String of(MethodNode method, AbstractInsnNode marked) {
        Textifier textifier = new Textifier();
        TraceMethodVisitor trace = new TraceMethodVisitor(textifier);
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out);
        int index = 0;
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext(), index++) {
            insn.accept(trace);
            StringWriter one = new StringWriter();
            textifier.print(new PrintWriter(one));
            textifier.getText().clear();
            String line = one.toString().stripTrailing();
            if (!line.isEmpty()) {
                pw.printf("%s%4d %s%n", insn == marked ? ">>>" : "   ", index, line.strip());
            }
        }
        pw.flush();
        return out.toString();
    }
}
