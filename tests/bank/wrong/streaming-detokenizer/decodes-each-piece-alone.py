# Wrong: every piece is decoded on its own with errors="replace", so a character split across pieces becomes U+FFFD garbage.
import codecs


def stream_detokenize(pieces, stops, engine):
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    chunks, held = [], ""

    def push(text):
        if text:
            chunks.append(text)

    for piece in pieces:
        held += bytes(piece).decode("utf-8", errors="replace")
        found = [i for i in (held.find(s) for s in stops) if i >= 0]
        if found:
            push(held[:min(found)])
            return {"chunks": chunks, "stopped": True}
        keep = 0
        for k in range(len(held), 0, -1):
            if any(s.startswith(held[-k:]) for s in stops):
                keep = k
                break
        push(held[:len(held) - keep])
        held = held[len(held) - keep:]
    push(held)
    return {"chunks": chunks, "stopped": False}
