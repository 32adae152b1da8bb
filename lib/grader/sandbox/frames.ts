/**
 * The wire format between the host and a box's harness: length-prefixed JSON frames (4-byte big-endian
 * length, then UTF-8 JSON) on a dedicated socket (fd 3 in the box), never on the user's stdout.
 *
 * JSON has no NaN/Infinity, so both harnesses encode non-finite floats as `{"$float": "NaN" | "Infinity" |
 * "-Infinity"}` and the host decodes them back; a wrong answer that is NaN must still be seen as NaN.
 *
 * @example
 *   const reader = new FrameReader(1 << 20);
 *   for (const { message, bytes } of reader.push(chunk)) handle(message, bytes);   // throws FrameTooLargeError past the cap
 *   socket.write(encodeFrame({ type: "test", index: 0, args: ["hello"] }));
 */

export class FrameTooLargeError extends Error {
  override name = "FrameTooLargeError";
  constructor(readonly bytes: number, readonly cap: number) {
    super(`a frame of ${bytes} bytes exceeds the ${cap}-byte cap`);
  }
}

export class FrameFormatError extends Error {
  override name = "FrameFormatError";
}

function encodeNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return { $float: String(value) };
  // Engine answers may hold typed arrays (ONNX tensors); the box sees plain lists.
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === "bigint") return Number(value);
  return value;
}

function decodeNonFinite(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const tagged = (value as { $float?: unknown }).$float;
    if (Object.keys(value).length === 1 && typeof tagged === "string") {
      if (tagged === "NaN") return NaN;
      if (tagged === "Infinity") return Infinity;
      if (tagged === "-Infinity") return -Infinity;
    }
  }
  return value;
}

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message, encodeNonFinite), "utf8");
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/**
 * Incremental decoder. The cap is checked on the length header, before buffering the body, so a box
 * cannot make the host allocate more than `cap` bytes per frame.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly cap: number) {}

  /** Feeds bytes; returns every complete frame, decoded. Throws on an oversized or malformed frame. */
  push(chunk: Buffer): { message: unknown; bytes: number }[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: { message: unknown; bytes: number }[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks)];
      const length = this.chunks[0].readUInt32BE(0);
      if (length > this.cap) throw new FrameTooLargeError(length, this.cap);
      if (this.buffered < 4 + length) break; // wait without copying: large frames arrive in many chunks
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const body = all.subarray(4, 4 + length);
      const rest = all.subarray(4 + length);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"), decodeNonFinite);
      } catch {
        throw new FrameFormatError("a frame from the box is not valid JSON");
      }
      frames.push({ message: parsed, bytes: length });
    }
    return frames;
  }
}
