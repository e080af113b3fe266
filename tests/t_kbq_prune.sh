#!/bin/sh
# t_kbq_prune.sh: the ranking scores exactly only the candidates that
# may be among the best (lk_bound in query/kbq_lookup.c); it must give
# the answers exhaustive scoring gives, byte for byte.  Checked with
# kbq --exhaustive on
#  - a generated KB large enough that most queries reach hundreds of
#    entries and passages, and random queries over its words (a
#    deterministic generator: the same articles and queries every run);
#  - the development queries over the dev root, when ../shared is there.
B=${B:-build}
. tests/tap.sh

# 400 articles of a fictional product: an error table and prose each,
# drawn from one small vocabulary so that words are shared widely.
python3 - "$tmp/gen" "$tmp/queries" <<'PY'
import os, random, sys
rnd = random.Random(7)
words = ("relay vault manifest quorum lease journal tenant shard replica "
         "snapshot epoch seal window token upload gateway cluster node "
         "failed refused expired timeout denied missing invalid locked "
         "cannot open read write sync retry quota limit exceeded").split()
# Rare other forms of some of them: a query word then stands for several
# index words (kbq_words.c), and a rare form is walked first (lk_seed).
rare = ("refusing refuses syncing synced replicated replication "
        "expiring expires tokens quotas gateways").split()
top, qpath = sys.argv[1], sys.argv[2]
said = []
def word():
    return rnd.choice(rare) if rnd.random() < 0.01 else rnd.choice(words)
def sentence(n):
    s = " ".join(word() for _ in range(n)).capitalize() + "."
    said.append(s)
    return s
for a in range(400):
    d = os.path.join(top, "en", "area%02d" % (a % 20))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "a%03d.md" % a), "w") as f:
        f.write("# Larkspur area %d\n\n## Errors\n\n" % a)
        f.write("| Error code | Message | Recommended action |\n|---|---|---|\n")
        for r in range(4):
            f.write("| LKP-%d%02d | %s | %s |\n" % (a, r, sentence(7), sentence(5)))
        f.write("\n## Notes\n\n%s %s\n\n- %s\n- %s\n" % (sentence(12),
                sentence(9), sentence(6), sentence(6)))
# Queries as people paste them: what the articles say, cut short,
# inside a log line, with a word changed; and word bags.
with open(qpath, "w") as f:
    for q in range(150):
        w = rnd.choice(said).split()
        k = rnd.randrange(4)
        if k == 0:
            w = w[:rnd.randint(2, len(w))]
        elif k == 1:
            w = ["2026-01-02", "host7", "ERROR"] + w
        elif k == 2:
            w[rnd.randrange(len(w))] = rnd.choice(words)
        f.write(" ".join(w) + "\n")
    for q in range(60):
        f.write(" ".join(rnd.choice(words) for _ in range(rnd.randint(2, 14))) + "\n")
    for q in range(30):
        f.write("LKP-%d%02d\n" % (rnd.randrange(400), rnd.randrange(4)))
PY
if ! "$B/kbc" build "$tmp/gen" -o "$tmp/out" >"$tmp/log" 2>&1; then
	fail "kbc build of the generated articles"
	note <"$tmp/log"
	finish
	exit 1
fi

same() {	# same WHAT INDEX QUERIES [--lang-per-line]: pruned = exhaustive
	python3 - "$B/kbq" "$2" "$3" <<'PY'
import json, subprocess, sys
kbq, idx, qfile = sys.argv[1:4]
diff = n = reach = 0
for line in open(qfile, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line:
        continue
    lang = []
    if line.startswith("{"):
        q = json.loads(line)
        line, lang = q["query"], (["--lang", q["lang"]] if q.get("lang") else [])
    a = [kbq, "--index", idx, "--json", "--limit", "10"] + lang
    p = subprocess.run(a, input=line.encode(), capture_output=True).stdout
    e = subprocess.run(a + ["--exhaustive"], input=line.encode(), capture_output=True).stdout
    n += 1
    reach += bool(json.loads(p)["results"])
    if p != e:
        diff += 1
        print("#   differs: %r" % line[:80])
print("#   %d queries, %d answered, %d differ" % (n, reach, diff))
sys.exit(1 if diff or n == 0 or reach == 0 else 0)
PY
	t "$1" $?
}

same "pruned equals exhaustive on 240 random queries" "$tmp/out/kb.idx" "$tmp/queries"
# The generated KB must be one where pruning happens: a common word
# reaches many more entries than are scored exactly.
ents=$(sql "$tmp/out/kb.sqlite" "SELECT count(*) FROM entries")
t "the generated KB is large enough to prune ($ents entries)" $(( ents < 1000 ))

if [ -f ../shared/eval/queries-dev.jsonl ]; then
	dev=$tmp/dev
	mkdir -p "$dev"
	for d in en sv de; do cp -r ../shared/corpus/$d "$dev/$d"; done
	cp -r ../shared/seed "$dev/seed"
	for d in ../shared/corpus2/*/; do
		case $d in *licenses/) continue ;; esac
		cp -r "$d" "$dev/$(basename "$d")"
	done
	if "$B/kbc" build "$dev" -o "$tmp/devout" >/dev/null 2>&1; then
		same "pruned equals exhaustive on every dev query" \
		    "$tmp/devout/kb.idx" ../shared/eval/queries-dev.jsonl
	else
		fail "kbc build of the dev root"
	fi
else
	skip "pruned equals exhaustive on every dev query" "no ../shared"
fi
finish
