#!/usr/bin/env bash
# Issue 16, cases with missing sequences: the measurement its README table comes from.
#
# On the demo's synthetic cohort (25 cases from seed 42: synth_101..120 train, synth_121..125 held out), trains the
# cpu-small network twice on the same 20 cases as the demo trains (fold 0 validating, seed 42): once with the
# cpu-small-dropout preset (T2 and bSSFP each hidden from a patch with probability 0.35, 60 epochs) and once with
# cpu-small (no dropout, 35 epochs). Each model then segments the 5 held-out cases from all three sequences, without
# the T2, without the bSSFP and from the LGE alone (predict --sequences), and evaluate prints one table: Dice per
# structure, mean ± std, per model and sequences.
#
# Usage:   docs/missing-sequences-experiment.sh [OUT]        OUT must not exist (default: missing-sequences-out)
# Options: THREADS=N (engine threads, default 2), EPOCHS=N (default: the preset's; 1 for a smoke run)
# Output:  OUT/cohort/{train,test}, OUT/{dropout,plain}/ (training runs), OUT/pred/<model>/<sequences>/ and
#          OUT/table.md. About 3 times the demo (2 cores: 15-25 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-missing-sequences-out}
threads=${THREADS:-2}
epochs=()
if [ -n "${EPOCHS:-}" ]; then
    epochs=(--epochs "$EPOCHS")
fi
if [ -e "$out" ]; then
    echo "$out already exists: give a new folder" >&2
    exit 1
fi
train=$out/cohort/train
test=$out/cohort/test

./mfunet synth --out "$train" --cases 25 --seed 42
mkdir -p "$test"
for id in 121 122 123 124 125; do
    mv "$train"/synth_"$id"_* "$test"/
done

# name:preset
for model in dropout:cpu-small-dropout plain:cpu-small; do
    ./mfunet train --data "$train" --out "$out/${model%%:*}" --preset "${model#*:}" --seed 42 --fold 0 \
        --threads "$threads" "${epochs[@]}"
done

preds=()
for name in dropout plain; do
    for sequences in LGE,T2,C0 LGE,C0 LGE,T2 LGE; do
        pred=$out/pred/$name/$(echo "$sequences" | tr 'A-Z,' 'a-z-')
        ./mfunet predict --model "$out/$name" --input "$test" --out "$pred" --sequences "$sequences" --threads "$threads"
        preds+=(--pred "$pred")
    done
done
./mfunet evaluate --truth "$test" "${preds[@]}" | tee "$out/table.md"
