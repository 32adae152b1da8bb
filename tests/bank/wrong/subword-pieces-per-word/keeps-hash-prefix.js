// Wrong: glues continuation pieces onto the previous word with their "##" still attached.
async function piecesPerWord(text, engine) {
  const maxLength = (await engine.info("bert")).max_length;
  const { tokens } = await engine.tokenize("bert", text, maxLength);
  const words = [];
  const counts = [];
  let unk = 0;
  for (const token of tokens) {
    if (token === "[CLS]" || token === "[SEP]") continue;
    if (token === "[UNK]") unk += 1;
    if (token.startsWith("##") && words.length > 0) {
      words[words.length - 1] += token;
      counts[counts.length - 1] += 1;
    } else {
      words.push(token);
      counts.push(1);
    }
  }
  return { words, pieces_per_word: counts, unk_count: unk };
}
