/**
 * The edge's client-address policy (lib/auth/client-address.ts): whatever a client puts into X-Forwarded-For or
 * X-Real-IP, the app sees one address, the socket's (or, behind a trusted proxy, the nearest proxy's entry).
 */
import type { IncomingHttpHeaders } from "node:http";
import { addressBucket, applyClientAddressPolicy, clientAddress, normalizeAddress, resolveClientAddress, UNKNOWN_CLIENT_ADDRESS } from "@/lib/auth/client-address";

describe("resolveClientAddress", () => {
  const cases: Array<[string, { forwardedFor: string | string[] | undefined; socketAddress: string | undefined; trustProxy: boolean }, string | null]> = [
    ["no proxy, no header: the socket", { forwardedFor: undefined, socketAddress: "203.0.113.9", trustProxy: false }, "203.0.113.9"],
    ["no proxy, forged header: the socket", { forwardedFor: "6.6.6.6", socketAddress: "203.0.113.9", trustProxy: false }, "203.0.113.9"],
    ["no proxy, forged list: the socket", { forwardedFor: "6.6.6.6, 7.7.7.7", socketAddress: "203.0.113.9", trustProxy: false }, "203.0.113.9"],
    ["no proxy, IPv4-mapped socket: plain IPv4", { forwardedFor: "6.6.6.6", socketAddress: "::ffff:127.0.0.1", trustProxy: false }, "127.0.0.1"],
    ["no proxy, IPv6 socket", { forwardedFor: "6.6.6.6", socketAddress: "2001:DB8::7", trustProxy: false }, "2001:db8::7"],
    ["no proxy, IPv6 loopback", { forwardedFor: undefined, socketAddress: "::1", trustProxy: false }, "::1"],
    ["no proxy, socket gone", { forwardedFor: "6.6.6.6", socketAddress: undefined, trustProxy: false }, null],
    ["proxy, one entry: that entry", { forwardedFor: "198.51.100.4", socketAddress: "10.0.0.1", trustProxy: true }, "198.51.100.4"],
    ["proxy, forged entries before the proxy's: the rightmost", { forwardedFor: "6.6.6.6, 7.7.7.7, 198.51.100.4", socketAddress: "10.0.0.1", trustProxy: true }, "198.51.100.4"],
    ["proxy, repeated headers (Node joins them): the rightmost", { forwardedFor: ["6.6.6.6", "198.51.100.4"], socketAddress: "10.0.0.1", trustProxy: true }, "198.51.100.4"],
    ["proxy, rightmost with a port", { forwardedFor: "6.6.6.6, 198.51.100.4:51234", socketAddress: "10.0.0.1", trustProxy: true }, "198.51.100.4"],
    ["proxy, rightmost bracketed IPv6 with a port", { forwardedFor: "6.6.6.6, [2001:DB8::1]:443", socketAddress: "10.0.0.1", trustProxy: true }, "2001:db8::1"],
    ["proxy, rightmost IPv6 with a zone", { forwardedFor: "fe80::1%eth0", socketAddress: "10.0.0.1", trustProxy: true }, "fe80::1"],
    ["proxy, rightmost IPv4-mapped", { forwardedFor: "::ffff:198.51.100.4", socketAddress: "10.0.0.1", trustProxy: true }, "198.51.100.4"],
    ["proxy, rightmost is junk: the socket", { forwardedFor: "198.51.100.4, unknown", socketAddress: "10.0.0.1", trustProxy: true }, "10.0.0.1"],
    ["proxy, trailing comma is ignored", { forwardedFor: "198.51.100.4, ", socketAddress: "10.0.0.1", trustProxy: true }, "198.51.100.4"],
    ["proxy, no header: the socket", { forwardedFor: undefined, socketAddress: "::ffff:10.0.0.1", trustProxy: true }, "10.0.0.1"],
    ["proxy, empty header: the socket", { forwardedFor: "", socketAddress: "10.0.0.1", trustProxy: true }, "10.0.0.1"],
  ];
  test.each(cases)("%s", (_name, input, expected) => {
    expect(resolveClientAddress(input)).toBe(expected);
  });
});

describe("applyClientAddressPolicy", () => {
  test("without a proxy: X-Forwarded-For becomes the socket's address, X-Real-IP and the other forwarding headers go", () => {
    const headers: IncomingHttpHeaders = {
      host: "localhost:3000",
      "x-forwarded-for": "6.6.6.6, 7.7.7.7",
      "x-real-ip": "8.8.8.8",
      forwarded: "for=9.9.9.9",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      cookie: "a=b",
    };
    expect(applyClientAddressPolicy(headers, "::ffff:127.0.0.7", false)).toBe("127.0.0.7");
    expect(headers).toEqual({ host: "localhost:3000", "x-forwarded-for": "127.0.0.7", cookie: "a=b" });
  });

  test("behind a proxy: the rightmost entry stays alone, the proxy's host/proto headers stay, X-Real-IP goes", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-for": "6.6.6.6, 198.51.100.4", "x-real-ip": "6.6.6.6", "x-forwarded-proto": "https", "x-forwarded-host": "clockwise.example" };
    expect(applyClientAddressPolicy(headers, "10.0.0.1", true)).toBe("198.51.100.4");
    expect(headers).toEqual({ "x-forwarded-for": "198.51.100.4", "x-forwarded-proto": "https", "x-forwarded-host": "clockwise.example" });
  });

  test("no socket address: the header is removed rather than left as the client wrote it", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-for": "6.6.6.6" };
    expect(applyClientAddressPolicy(headers, undefined, false)).toBeNull();
    expect(headers).toEqual({});
  });
});

describe("clientAddress (what the app reads after the edge)", () => {
  test.each([
    ["203.0.113.9", "203.0.113.9"],
    ["2001:DB8::1", "2001:db8::1"],
    // Not the edge's doing (e.g. `next dev`): no bucket of the client's choosing.
    ["6.6.6.6, 7.7.7.7", UNKNOWN_CLIENT_ADDRESS],
    ["local", UNKNOWN_CLIENT_ADDRESS],
  ])("x-forwarded-for %p → %p", (header, expected) => {
    expect(clientAddress(new Headers({ "x-forwarded-for": header }))).toBe(expected);
  });

  test("no header at all", () => {
    expect(clientAddress(new Headers())).toBe(UNKNOWN_CLIENT_ADDRESS);
  });
});

describe("normalizeAddress and addressBucket", () => {
  test.each([
    ["127.0.0.1", "127.0.0.1"],
    ["0:0:0:0:0:ffff:127.0.0.1", "127.0.0.1"],
    ["[::1]", "::1"],
    ["999.1.1.1", null],
    ["1.2.3.4:99999999", null],
    ["", null],
  ])("normalizeAddress(%p) → %p", (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  test("IPv6 addresses of one /64 share a bucket; IPv4 addresses do not", () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("203.0.113.10")).not.toBe(addressBucket("203.0.113.9"));
  });
});
