#!/usr/bin/env bash
# Classifier speed and accuracy, Earshot against fastText, side by side on this machine.
#
# Uses the synthetic corpus of ../shared/bench/make_corpus.py (200k train / 20k test, 700 labels) and
# Debian's fastText (-loss ova -dim 100 -wordNgrams 2 -epoch 5 -lr 0.5, predict-prob ... 5).
# Prediction is timed as a whole process pinned to one core (taskset -c 0), as the issue asks.
# Then the shipped IAB classifier with its screens on, on realistic messages.
# Writes a markdown table to stdout. Needs: python3 with numpy, fasttext, util-linux (taskset).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
OUT="${OUT:-.build/bench}"
REPEAT="${REPEAT:-10}"
mkdir -p "$OUT"
command -v fasttext >/dev/null || { apt-get update -qq && apt-get install -y -qq fasttext >/dev/null; }
swift build -c release --product earshot >/dev/null
E=.build/release/earshot
[ -f "$OUT/corpus/test.jsonl" ] || python3 "$SHARED/bench/make_corpus.py" "$OUT/corpus" >/dev/null
# A larger test stream so that start-up does not dominate: the 20k test set repeated.
for i in $(seq "$REPEAT"); do cat "$OUT/corpus/test.txt"; done > "$OUT/test-x.txt"
N=$(wc -l < "$OUT/test-x.txt")

secs() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
p_at_1() { python3 - "$1" "$2" "$OUT/corpus/test.jsonl" <<'PY'
import json, sys
kind, path, gold_path = sys.argv[1:]
gold = [set(json.loads(l)["labels"]) for l in open(gold_path)]
preds = []
for l in open(path):
    if kind == "ft":
        preds.append(l.split()[0].replace("__label__", "") if l.strip() else "")
    else:
        t = json.loads(l)["topics"]
        preds.append(t[0]["id"] if t else "")
preds = preds[:len(gold)]
print(f"{sum(p in g for p, g in zip(preds, gold)) / len(gold):.4f}")
PY
}

ft_train=$(secs fasttext supervised -input "$OUT/corpus/train.ft" -output "$OUT/ft" -loss ova -dim 100 -wordNgrams 2 -epoch 5 -lr 0.5 -verbose 0)
ft_pred=$(secs taskset -c 0 fasttext predict-prob "$OUT/ft.bin" "$OUT/test-x.txt" 5)
taskset -c 0 fasttext predict-prob "$OUT/ft.bin" "$OUT/corpus/test.txt" 5 > "$OUT/ft.pred"
ft_p1=$(p_at_1 ft "$OUT/ft.pred")
ft_size=$(stat -c %s "$OUT/ft.bin")

ES_OPTS=${ES_OPTS:-"--dim 64 --epoch 10 --lr 0.5 --bucket-bits 20 --negatives 64 --threads 2"}
es_train=$(secs $E train --input "$OUT/corpus/train.jsonl" --output "$OUT/es.model" $ES_OPTS)
es_pred=$(secs taskset -c 0 $E classify --model "$OUT/es.model" --no-screen --top 5 --input-format text < "$OUT/test-x.txt")
taskset -c 0 $E classify --model "$OUT/es.model" --no-screen --top 5 --input-format text < "$OUT/corpus/test.txt" > "$OUT/es.pred"
es_p1=$(p_at_1 es "$OUT/es.pred")
es_size=$(stat -c %s "$OUT/es.model")

# The shipped classifier, screens on, on Earshot's own multilingual gold messages repeated.
python3 - "$OUT/msgs.txt" <<'PY'
import glob, json, sys
texts = [json.loads(l)["text"] for f in sorted(glob.glob("eval/gold/*.jsonl")) for l in open(f)]
with open(sys.argv[1], "w") as out:
    for i in range(50):
        for t in texts: out.write(t.replace("\n", " ") + "\n")
PY
M=$(wc -l < "$OUT/msgs.txt")
load=$(secs taskset -c 0 $E classify --input-format text < /dev/null)
shipped=$(secs taskset -c 0 $E classify --input-format text < "$OUT/msgs.txt")

rate() { python3 -c "print(f'{$1/$2:,.0f}')"; }
cat <<MD
| | fastText | Earshot |
| --- | --- | --- |
| training (200k, 2 cores), s | $ft_train | $es_train |
| model size, MB | $(python3 -c "print(f'{$ft_size/1e6:.1f}')") | $(python3 -c "print(f'{$es_size/1e6:.1f}')") |
| predict top-5, $N messages, one core, whole process, s | $ft_pred | $es_pred |
| messages per second | $(rate $N $ft_pred) | $(rate $N $es_pred) |
| precision@1 (20k test) | $ft_p1 | $es_p1 |

Earshot options: \`$ES_OPTS\`.

Shipped IAB classifier with the sensitive and crisis screens, $M multilingual messages, one core,
whole process: ${shipped} s ($(rate $M $shipped) messages/s); start-up with lexicons and model: ${load} s.
MD
