#!/usr/bin/env python3
"""idx_dump.py: print what a kb.idx holds, with every string resolved and
every posting decoded, one fact a line, so that two indexes whose bytes
differ only in how their strings are laid out print the same
(query/kbq_format.h).  Used to show that an index kbc wrote reusing the
previous one's postings holds what a full build's holds.

usage: idx_dump.py KB.IDX
"""
import struct
import sys

KBX_ENT_W, KBX_ART_W, KBX_FIX_W, KBX_ITEM_W, KBX_TERM_W, KBX_CODE_W = 16, 5, 6, 2, 3, 3


def main():
    b = open(sys.argv[1], "rb").read()
    nsect = struct.unpack_from("<I", b, 12)[0]
    sect = {}
    for i in range(nsect):
        tag, off, size, count = struct.unpack_from("<4sIII", b, 64 + 16 * i)
        sect[tag.decode()] = (off, size, count)

    def words(tag):
        off, size, _ = sect[tag]
        return struct.unpack_from("<%dI" % (size // 4), b, off) if size else ()

    off, size, _ = sect["STRS"]
    pool = b[off:off + size]

    def s(o):
        return pool[o:pool.index(b"\0", o)].decode("utf-8", "replace")

    out = sys.stdout
    h = struct.unpack_from("<IIIIII", b, 40)
    out.write("header %d entries %d articles avglen %d, %d passages avglen %d\n"
              % (h[0], h[1], h[2], h[3], h[4]))
    arts = words("ARTS")
    for a in range(len(arts) // KBX_ART_W):
        out.write("art %d %s\n" % (a, " | ".join(s(x) for x in arts[a * 5:a * 5 + 5])))
    refs, fixs, items = words("REFS"), words("FIXS"), words("ITEM")

    def lst(first, n):
        return [s(refs[first + k]) for k in range(n)]

    for name, ents_t, term_t, post_t, code_t, cpst_t, lens_t, tmax_t in (
            ("e", "ENTS", "TERM", "POST", "CODE", "CPST", "LENS", "TMAX"),
            ("p", "PENT", "PTRM", "PPST", "PCOD", "PCPS", "PLEN", "PTMX")):
        ents, lens = words(ents_t), words(lens_t)
        for e in range(len(ents) // KBX_ENT_W):
            r = ents[e * KBX_ENT_W:(e + 1) * KBX_ENT_W]
            fx = []
            for f in range(r[8], r[8] + r[9]):
                x = fixs[f * KBX_FIX_W:(f + 1) * KBX_FIX_W]
                it = [lst(*items[(x[4] + k) * 2:(x[4] + k) * 2 + 2]) for k in range(x[5])]
                fx.append((lst(x[0], x[1]), lst(x[2], x[3]), it))
            out.write("%s %d art %d kind %d anchor %r section %r msgs %r codes %r fixes %r "
                      "len %d masses %d %d %d %d line %d lens %d\n"
                      % (name, e, r[0], r[1], s(r[2]), s(r[3]), lst(r[4], r[5]),
                         lst(r[6], r[7]), fx, r[10], r[11], r[12], r[13], r[14], r[15],
                         lens[e]))
        term = words(term_t)
        poff, psize, _ = sect[post_t]
        nt = len(term) // KBX_TERM_W
        tmax = words(tmax_t)
        if tmax:
            out.write("%s tmax k1 %d b %d\n" % (name, tmax[0], tmax[1]))
        for t in range(nt):
            a = term[t * 3 + 1]
            z = term[(t + 1) * 3 + 1] if t + 1 < nt else psize
            p, ent, posts = poff + a, 0, []
            while p < poff + z:
                vals = []
                for _ in range(2):
                    v = sh = 0
                    while True:
                        c = b[p]
                        p += 1
                        v |= (c & 0x7f) << sh
                        sh += 7
                        if not c & 0x80:
                            break
                    vals.append(v)
                ent += vals[0]
                posts.append("%d:%d" % (ent, vals[1]))
            out.write("%s word %r df %d tmax %s %s\n" % (name, s(term[t * 3]), term[t * 3 + 2],
                      tmax[t + 2] if tmax else "-", " ".join(posts)))
        code, cpst = words(code_t), words(cpst_t)
        men = words("CMEN") if name == "e" and "CMEN" in sect else ()
        for c in range(len(code) // KBX_CODE_W):
            first, n = code[c * 3 + 1], code[c * 3 + 2]
            bits = "".join(str((men[i // 32] >> (i % 32)) & 1) if men else "-"
                           for i in range(first, first + n))
            out.write("%s code %r %s %s\n" % (name, s(code[c * 3]),
                      " ".join(str(cpst[i]) for i in range(first, first + n)), bits))


main()
