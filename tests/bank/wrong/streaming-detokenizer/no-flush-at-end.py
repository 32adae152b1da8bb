# Wrong: text still held back when the stream ends is never pushed.
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
            push(held[:min(found)])
            return {"chunks": chunks, "stopped": True}
        keep = 0
        for k in range(len(held), 0, -1):
            if any(s.startswith(held[-k:]) for s in stops):
                keep = k
                break
        push(held[:len(held) - keep])
        held = held[len(held) - keep:]
    push(decoder.decode(b"", final=True))
    return {"chunks": chunks, "stopped": False}
