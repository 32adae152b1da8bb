// Wrong: always holds back the last (longest stop length - 1) characters instead of only a suffix that really starts a stop string.
function streamDetokenize(pieces, stops, engine) {
  const decoder = new TextDecoder("utf-8");
  const window = stops.length ? Math.max(...stops.map((s) => s.length)) - 1 : 0;
  const chunks = [];
  let held = "";
  for (const piece of pieces) {
    held += decoder.decode(new Uint8Array(piece), { stream: true });
    const found = stops.map((s) => held.indexOf(s)).filter((i) => i >= 0);
    if (found.length > 0) {
      const before = held.slice(0, Math.min(...found));
      if (before) chunks.push(before);
      return { chunks, stopped: true };
    }
    const cut = Math.max(0, held.length - window);
    if (cut > 0) chunks.push(held.slice(0, cut));
    held = held.slice(cut);
  }
  const rest = held + decoder.decode();
  if (rest) chunks.push(rest);
  return { chunks, stopped: false };
}
