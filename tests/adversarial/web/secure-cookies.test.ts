/**
 * Issue 16 ("also seen"): cookies carry Secure whenever the browser reached us over https — the public URL is https,
 * or CLOCKWISE_TRUST_PROXY is on and the proxy says X-Forwarded-Proto: https — and a client without a trusted proxy
 * cannot claim https by sending that header. Over real HTTP through a node:http server wired exactly like the edge
 * (lib/ops/web-server.ts: hardenResponse, then the client-address policy), with a handler that sets cookies the
 * ways Next does (setHeader, writeHead headers, implicit headers).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { applyClientAddressPolicy } from "@/lib/auth/client-address";
import { hardenResponse, requestIsHttps } from "@/lib/ops/edge-policy";

type Setup = { appUrl: string; trustProxy: boolean };

async function serve(setup: Setup, handler: (res: http.ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    hardenResponse(res, requestIsHttps(req.headers, setup.appUrl, setup.trustProxy));
    applyClientAddressPolicy(req.headers, req.socket.remoteAddress, setup.trustProxy);
    handler(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const HANDLERS: Record<string, (res: http.ServerResponse) => void> = {
  setHeader: (res) => {
    res.setHeader("set-cookie", ["a=1; Path=/; HttpOnly", "b=2; Path=/"]);
    res.end("ok");
  },
  writeHead: (res) => {
    res.writeHead(200, { "set-cookie": ["a=1; Path=/; HttpOnly"], "content-type": "text/plain" });
    res.end("ok");
  },
  implicit: (res) => {
    res.setHeader("set-cookie", "a=1; Path=/");
    res.write("streamed");
    res.end();
  },
};

const CASES: { name: string; setup: Setup; headers: Record<string, string>; secure: boolean }[] = [
  { name: "https public URL", setup: { appUrl: "https://clockwise.example", trustProxy: false }, headers: {}, secure: true },
  { name: "trusted proxy terminated TLS", setup: { appUrl: "http://localhost:3000", trustProxy: true }, headers: { "x-forwarded-proto": "https" }, secure: true },
  { name: "control: trusted proxy over plain http", setup: { appUrl: "http://localhost:3000", trustProxy: true }, headers: { "x-forwarded-proto": "http" }, secure: false },
  { name: "a client claiming https without a trusted proxy", setup: { appUrl: "http://localhost:3000", trustProxy: false }, headers: { "x-forwarded-proto": "https" }, secure: false },
];

describe.each(Object.keys(HANDLERS))("cookies set by %s", (how) => {
  test.each(CASES)("$name → Secure: $secure", async ({ setup, headers, secure }) => {
    const app = await serve(setup, HANDLERS[how]!);
    try {
      const response = await fetch(app.url, { headers });
      const cookies = response.headers.getSetCookie();
      expect(cookies.length).toBeGreaterThan(0);
      for (const cookie of cookies) expect({ cookie, secure: /;\s*Secure/i.test(cookie) }).toEqual({ cookie, secure });
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.has("strict-transport-security")).toBe(secure);
    } finally {
      await app.close();
    }
  });
});
