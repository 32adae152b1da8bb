// Wrong: treats only U+4E00–U+9FFF as CJK, so extension ideographs (U+3400–4DBF, U+20000…) stay glued to the letters around them.
const CJK_RANGES = [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x20000, 0x2a6df], [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f], [0x2b820, 0x2ceaf], [0xf900, 0xfaff], [0x2f800, 0x2fa1f]];

function isPunctuation(ch) {
  const cp = ch.codePointAt(0);
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return /^\p{P}$/u.test(ch);
}

function isCjk(ch) {
  return ch >= "\u4e00" && ch <= "\u9fff";
}

// Iterating a string with for…of yields code points, not UTF-16 units.
function clean(text) {
  let out = "";
  for (const ch of text) {
    if (ch === "\u0000" || ch === "\ufffd") continue;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || /^\p{Zs}$/u.test(ch)) out += " ";
    else if (/^\p{C}$/u.test(ch)) continue;
    else if (isCjk(ch)) out += " " + ch + " ";
    else out += ch;
  }
  return out;
}

function splitWords(text) {
  const words = [];
  for (const raw of clean(text).split(/\s+/)) {
    if (!raw) continue;
    const token = raw.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
    let current = "";
    for (const ch of token) {
      if (isPunctuation(ch)) {
        if (current) words.push(current);
        current = "";
        words.push(ch);
      } else {
        current += ch;
      }
    }
    if (current) words.push(current);
  }
  return words;
}

function wordPieces(word, known) {
  const chars = Array.from(word); // code points, like Python's str
  if (chars.length > 100) return ["[UNK]"];
  const pieces = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let piece = null;
    while (end > start) {
      const text = chars.slice(start, end).join("");
      const candidate = start === 0 ? text : "##" + text;
      if (known.has(candidate)) {
        piece = candidate;
        break;
      }
      end -= 1;
    }
    if (piece === null) return ["[UNK]"];
    pieces.push(piece);
    start = end;
  }
  return pieces;
}

function wordpieceTokenize(text, vocab, engine) {
  const known = new Set(vocab);
  return splitWords(text).flatMap((word) => wordPieces(word, known));
}
