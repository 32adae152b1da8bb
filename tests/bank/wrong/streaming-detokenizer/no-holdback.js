// Wrong: nothing is held back, so the first part of a stop string that spans pieces has already been pushed.
function streamDetokenize(pieces, stops, engine) {
  const decoder = new TextDecoder("utf-8");
  const chunks = [];
  let held = "";
  const push = (text) => {
    if (text.length > 0) chunks.push(text);
  };
  for (const piece of pieces) {
    held += decoder.decode(new Uint8Array(piece), { stream: true }); // complete characters only
    const found = stops.map((s) => held.indexOf(s)).filter((i) => i >= 0);
    if (found.length > 0) {
      push(held.slice(0, Math.min(...found)));
      return { chunks, stopped: true };
    }
    let keep = 0;
    for (let k = held.length; k > 0; k--) {
      const suffix = held.slice(held.length - k);
      if (false && stops.some((s) => s.startsWith(suffix))) {
        keep = k;
        break;
      }
    }
    push(held.slice(0, held.length - keep));
    held = held.slice(held.length - keep);
  }
  push(held + decoder.decode()); // an incomplete tail becomes one U+FFFD
  return { chunks, stopped: false };
}
