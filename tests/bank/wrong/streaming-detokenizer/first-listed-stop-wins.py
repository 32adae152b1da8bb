# Wrong: it stops at the first stop string in list order that occurs, not at the occurrence that starts earliest.
import codecs


def stream_detokenize(pieces, stops, engine):
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    chunks, held = [], ""

    def push(text):
        if text:
            chunks.append(text)

    for piece in pieces:
        held += decoder.decode(bytes(piece))  # complete characters only; a partial one stays inside
        found = [i for i in (held.find(s) for s in stops) if i >= 0]
        if found:
            push(held[:found[0]])
            return {"chunks": chunks, "stopped": True}
        keep = 0
        for k in range(len(held), 0, -1):
            if any(s.startswith(held[-k:]) for s in stops):
                keep = k
                break
        push(held[:len(held) - keep])
        held = held[len(held) - keep:]
    push(held + decoder.decode(b"", final=True))  # an incomplete tail becomes one U+FFFD
    return {"chunks": chunks, "stopped": False}
