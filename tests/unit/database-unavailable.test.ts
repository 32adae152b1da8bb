/**
 * Which errors mean "PostgreSQL cannot be reached right now" (503 for clients, survivable for workers), including
 * the wrapped shapes seen during a real outage (better-auth's APIError around a Prisma driver-adapter error).
 */
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { errorResponse } from "@/lib/web/error-response";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  const cases: { name: string; error: unknown; expected: boolean }[] = [
    { name: "connection refused", error: withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5433"), expected: true },
    { name: "server shutting down (57P01)", error: withCode("57P01", "terminating connection due to administrator command"), expected: true },
    { name: "cannot connect now (57P03)", error: withCode("57P03"), expected: true },
    { name: "Prisma P1001", error: withCode("P1001"), expected: true },
    { name: "pg 'Connection terminated unexpectedly'", error: new Error("Connection terminated unexpectedly"), expected: true },
    {
      name: "better-auth APIError wrapping a Prisma driver-adapter error",
      error: Object.assign(new Error("Failed to get session"), {
        cause: Object.assign(new Error("\ndriverAdapterError: Error [DriverAdapterError]: DatabaseNotReachable"), {
          meta: { modelName: "Session", driverAdapterError: Object.assign(new Error("DatabaseNotReachable"), { kind: "DatabaseNotReachable" }) },
        }),
      }),
      expected: true,
    },
    { name: "unique violation (23505) is a real error", error: withCode("23505", "duplicate key value"), expected: false },
    { name: "a plain bug", error: new TypeError("cannot read properties of undefined"), expected: false },
    { name: "a string", error: "ECONNREFUSED", expected: false },
    { name: "null", error: null, expected: false },
  ];
  it.each(cases)("$name → $expected", ({ error, expected }) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });

  it("does not loop forever on a cause cycle", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

test("the 503 tells the client to retry and leaks nothing", async () => {
  const response = errorResponse(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433 at /srv/lib/db/client.ts"), { code: "ECONNREFUSED" }));
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
  expect(await response.json()).toEqual({ error: "UNAVAILABLE", message: expect.stringMatching(/retry/), retryAfterSeconds: 5 });
});
