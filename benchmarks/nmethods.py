#!/usr/bin/env python3
"""Decodes the C2 compiles HotSpot printed with -XX:CompileCommand=print, without the hsdis library.

Without hsdis HotSpot prints a compiled method's code as bytes (an "abstract disassembly") with its notes (call
sites, oops, classes checked, implicit null checks, the inlining tree at each call). This puts the bytes back
together and decodes them with binutils' objdump, keeping each note above the instruction it belongs to.

  nmethods.py HOTSPOT_OUTPUT --last             the last C2 compile printed (./benchmarks/listing)
  nmethods.py HOTSPOT_OUTPUT --samples IPS      every C2 compile that holds at least 1% of the samples, each
                                                instruction with its count (./benchmarks/profile); IPS holds one
                                                hexadecimal instruction address per line (perf script -F ip)
x86-64 only.
"""
import collections
import re
import subprocess
import sys
import tempfile

ADDRESS = re.compile(r'^\s*0x([0-9a-f]+): (.*)$')
NOISE = ('ImmutableOopMap', 'reexecute', 'OopMap')


def compiles(lines):
    """(title, code {address: byte}, notes {address: [note]}) for each C2 compile printed, in order."""
    starts = [i for i, line in enumerate(lines) if line.startswith('Compiled method (c2)')]
    for i0 in starts:
        end = next((j for j in range(i0, len(lines)) if lines[j].startswith('[/MachCode]')), len(lines))
        code, notes, at = {}, collections.defaultdict(list), None
        for line in lines[i0:end]:
            m = ADDRESS.match(line)
            if m:
                address, rest = int(m.group(1), 16), m.group(2)
                if rest.startswith(';'):
                    notes[address].append(rest)
                    at = address
                    continue
                digits = re.sub(r'[ |]', '', rest)
                if re.fullmatch(r'[0-9a-f]*', digits):
                    for k in range(0, len(digits), 2):
                        code[address + k // 2] = int(digits[k:k + 2], 16)
                at = None
            elif at is not None and line.strip().startswith(';'):
                notes[at].append(line.strip())
        if code:
            yield lines[i0], code, notes


def decode(code, notes, samples=None):
    """The compile's instructions as objdump prints them, its notes above them, and sample counts in front."""
    lo, hi = min(code), max(code) + 1
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(bytes(code.get(x, 0x90) for x in range(lo, hi)))
        f.flush()
        out = subprocess.run(['objdump', '-D', '-b', 'binary', '-m', 'i386:x86-64', '--adjust-vma=0x%x' % lo, f.name],
                             capture_output=True, text=True, check=True).stdout
    pending, k, indent = sorted(notes), 0, ' ' * (23 if samples is not None else 16)
    for line in out.split('\n'):
        m = re.match(r'^\s*([0-9a-f]+):\t', line)
        if not m:
            continue
        address = int(m.group(1), 16)
        while k < len(pending) and pending[k] <= address:  # a note names the instruction at or after its address
            for note in notes[pending[k]]:
                if not any(word in note for word in NOISE):
                    print(indent + note)
            k += 1
        if samples is None:
            print(line)
        else:
            count = samples.get(address, 0)
            print('%6s %s' % (count if count else '', line))


def main(argv):
    if len(argv) < 3 or argv[2] not in ('--last', '--samples'):
        sys.exit(__doc__)
    lines = open(argv[1], errors='replace').read().split('\n')
    printed = list(compiles(lines))
    if argv[2] == '--last':
        plain = [c for c in printed if ' % ' not in c[0]]  # not an on-stack-replacement compile
        if not plain:
            sys.exit('no C2 compile was printed')
        title, code, notes = plain[-1]
        print(title)
        decode(code, notes)
        return
    if not printed:
        sys.exit('no C2 compile was printed (did the JVM start? see its output)')
    samples = collections.Counter()
    for line in open(argv[3]):
        word = line.strip().split(' ')[0] if line.strip() else ''
        if word:
            try:
                samples[int(word, 16)] += 1
            except ValueError:
                pass
    total = sum(samples.values()) or 1
    # the code cache reuses the room of a compile thrown away: an address belongs to the last compile printed there
    owner = {}
    for index, (_, code, _) in enumerate(printed):
        lo, hi = min(code), max(code) + 1
        for address in samples:
            if lo <= address < hi:
                owner[address] = index
    shown = []
    for index, (title, code, notes) in enumerate(printed):
        mine = {address: count for address, count in samples.items() if owner.get(address) == index}
        n = sum(mine.values())
        if n >= total / 100:
            shown.append((n, title, code, notes, mine))
    print('%d samples; the compiles printed that hold 1%% or more of them:' % total)
    for n, title, _, _, _ in shown:
        print('%6.1f%%  %s' % (100.0 * n / total, title))
    for n, title, code, notes, mine in shown:
        print()
        print('=' * 100)
        print('%s\n%d samples (%.1f%%)' % (title, n, 100.0 * n / total))
        decode(code, notes, mine)


if __name__ == '__main__':
    main(sys.argv)
