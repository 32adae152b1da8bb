/**
 * POST /playground/generate as a browser meets it: a guest gets the tokens as NDJSON lines while they are generated
 * (start, one event per token, done), a bad request gets 422 with the field named before any work, and the
 * playground's per-address limit (shared through PostgreSQL) answers 429 with Retry-After. Runs on the tiny
 * decoder fixture so it does not depend on the trained models.
 */
import path from "node:path";
import { disconnectPrisma } from "@/lib/db/client";
import type { GenerationEvent } from "@/lib/use-cases/playground/generate-text";
import { PLAYGROUND_GUEST_LIMIT } from "@/app/playground/guest-rate-limit";

process.env.CLOCKWISE_MODELS_DIR = path.resolve(__dirname, "../engine/fixtures/gpt-models");
// Imported after the models folder is chosen: the route's engine is the process singleton.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { POST } = require("@/app/playground/generate/route") as typeof import("@/app/playground/generate/route");

const noParams = { params: Promise.resolve({}) };
const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
const post = (body: unknown, from: string) =>
  POST(new Request("http://localhost:3000/playground/generate", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": from }, body: JSON.stringify(body) }), noParams);

afterAll(async () => {
  const { getEngine } = await import("@/lib/engine");
  await (await getEngine()).close();
  await disconnectPrisma();
});

test("a guest gets the generation streamed as NDJSON: start, one event per token, done", async () => {
  const response = await post({ model: "gpt", prompt: "hello the", maxNewTokens: 6, cache: true }, address());
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  const events = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as GenerationEvent);
  expect(events[0]).toMatchObject({ type: "start", model: "gpt", cache: true, maxNewTokens: 6 });
  const tokens = events.filter((e) => e.type === "token");
  expect(tokens.length).toBeGreaterThan(0);
  expect(tokens.length).toBeLessThanOrEqual(6);
  expect(tokens.map((t) => (t.type === "token" ? t.phase : ""))).toEqual(["prefill", ...new Array(tokens.length - 1).fill("decode")]);
  expect(events[events.length - 1]).toMatchObject({ type: "done", tokens: tokens.length });
});

test.each([
  ["no decoder model", { model: "word2vec", prompt: "hi", maxNewTokens: 4, cache: true }, "model"],
  ["too many tokens", { model: "gpt", prompt: "hi", maxNewTokens: 1000, cache: false }, "maxNewTokens"],
  ["no prompt", { model: "gpt", maxNewTokens: 4, cache: true }, "prompt"],
])("%s: 422 naming the field, nothing streamed", async (_name, body, field) => {
  const response = await post(body, address());
  expect(response.status).toBe(422);
  const answer = await response.json();
  expect(answer).toMatchObject({ error: "INVALID_INPUT", fields: { [field]: expect.any(Array) } });
});

test("a body that is not JSON is a 422, not a 500", async () => {
  const response = await POST(new Request("http://localhost:3000/playground/generate", { method: "POST", headers: { "x-forwarded-for": address() }, body: "{" }), noParams);
  expect(response.status).toBe(422);
});

test("the guest limit per address answers 429 with Retry-After once used up", async () => {
  const from = address();
  const statuses: number[] = [];
  // Invalid requests still count: the limit protects the engine before the body is even read.
  for (let i = 0; i < PLAYGROUND_GUEST_LIMIT.max; i++) statuses.push((await post({ model: "gpt", prompt: "", maxNewTokens: 1, cache: true }, from)).status);
  expect(statuses).toEqual(new Array(PLAYGROUND_GUEST_LIMIT.max).fill(422));
  const refused = await post({ model: "gpt", prompt: "hi", maxNewTokens: 1, cache: true }, from);
  expect(refused.status).toBe(429);
  expect(refused.headers.get("retry-after")).toBe(String(PLAYGROUND_GUEST_LIMIT.windowSeconds));
  expect((await post({ model: "gpt", prompt: "hi", maxNewTokens: 1, cache: true }, address())).status).toBe(200);
});
