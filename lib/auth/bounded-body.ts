/**
 * Reads a request body with a cap instead of buffering whatever arrives (`request.json()` / better-auth read it all
 * first: one 200 MB body grew the process by 400 MB). Stops at the first byte past `maxBytes`, whatever
 * Content-Length claims (chunked bodies have none), and answers 413; otherwise returns a request over the bounded
 * copy for the handler to parse as usual.
 *
 * @example
 *   const bounded = await boundRequestBody(request, 64 * 1024);
 *   if (bounded instanceof Response) return bounded; // 413 PAYLOAD_TOO_LARGE
 *   const body = await bounded.json();
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function boundRequestBody(request: Request, maxBytes: number): Promise<Request | Response> {
  if (request.body === null || SAFE_METHODS.has(request.method.toUpperCase())) return request;
  const tooLarge = () =>
    Response.json({ error: "PAYLOAD_TOO_LARGE", message: `The request body must be at most ${Math.floor(maxBytes / 1024)} KB.` }, { status: 413 });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return tooLarge();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(value);
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks), signal: request.signal });
}
