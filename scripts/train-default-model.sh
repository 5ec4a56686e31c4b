#!/usr/bin/env bash
# Reproduces the shipped models in Sources/EarshotResources/Resources/model: earshot-iab.model (topics and
# screen labels) and earshot-screen.model (the sensitive and crisis labels only, blended with the first).
#
# Training data: Earshot's own examples in Data/train (always) and, when the development sets are
# present beside the repository (../shared/data), those too. One row in ten of each, chosen by a
# hash of its text, is held out and written to .build/holdout.jsonl for `earshot eval` (SIB-200 holds the
# same sentences in 23 languages, so there the holdout flatters the models; scripts/eval-sentence-holdout.sh
# measures this recipe on sentences held out in every language). In each
# language, rows without a sensitive or crisis label are repeated until at most a quarter of its rows
# carry one (LanguageBalance): otherwise the models learn the language itself as a sign of sensitivity.
# Deterministic: the same inputs, seed and thread count give the same bytes.
#
# For measurements, the same recipe can train elsewhere: RESOURCES (default the shipped resources) is the
# folder whose model/ receives the models and whose lexicons the final eval uses, WORK (default .build)
# takes the training and holdout files, and PREPARE_EXTRA adds `prepare-data` options (see
# scripts/eval-sentence-holdout.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared/data}"
RESOURCES="${RESOURCES:-Sources/EarshotResources/Resources}"
WORK="${WORK:-.build}"
read -r -a extra <<< "${PREPARE_EXTRA:-}"
swift build -c release --product earshot
E=.build/release/earshot
inputs=()
if [ -d "$SHARED" ]; then inputs+=("$SHARED"); else echo "note: $SHARED not found; training on Data/train only"; fi
inputs+=(Data/train)
BALANCE=0.25  # both models see the same language balance
"$E" prepare-data --input "${inputs[@]}" --output "$WORK/train.jsonl" --holdout "$WORK/holdout.jsonl" \
    --balance-languages "$BALANCE" ${extra[@]+"${extra[@]}"}
# The same rows (and the same holdout) with the lexicons' everyday phrases spread through them, for the
# screen model: it learns what short everyday text looks like (see LexiconPhrases). The phrases are a
# snapshot, Data/screen-phrases.jsonl, so that editing a lexicon does not silently change what this script
# trains. To retrain on the lexicons as they are now, refresh the snapshot first:
#   EARSHOT_RESOURCES=Sources/EarshotResources/Resources .build/release/earshot prepare-data \
#       --input Data/train --output .build/unused.jsonl --write-phrases Data/screen-phrases.jsonl
"$E" prepare-data --input "${inputs[@]}" --output "$WORK/train-screen.jsonl" --holdout "$WORK/holdout-screen.jsonl" \
    --phrases Data/screen-phrases.jsonl --balance-languages "$BALANCE" ${extra[@]+"${extra[@]}"}
"$E" train --input "$WORK/train.jsonl" --output "$RESOURCES/model/earshot-iab.model" \
    --dim 32 --epoch 10 --lr 0.5 --char-min 3 --char-max 5 --bucket-bits 17 --threads 2 --seed 1
# Same features (so the classifier hashes each message once), screen labels only, with the phrases.
"$E" train --input "$WORK/train-screen.jsonl" --output "$RESOURCES/model/earshot-screen.model" \
    --dim 32 --epoch 10 --lr 0.5 --char-min 3 --char-max 5 --bucket-bits 17 --threads 2 --seed 1 \
    --keep-labels sensitive: crisis
EARSHOT_RESOURCES="$RESOURCES" "$E" eval --input "$WORK/holdout.jsonl"
