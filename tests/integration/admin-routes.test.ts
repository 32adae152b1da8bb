/**
 * The admin route handlers as an HTTP client meets them, with real better-auth sessions: a guest gets 401, a
 * candidate 403 (and no bundle), an admin the bundle / the JSON Schema.
 */
import { randomUUID } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { GET as exportRoute } from "@/app/admin/export/route";
import { GET as schemaRoute } from "@/app/admin/bundle-schema.json/route";
import { parseBundleText } from "@/lib/bank/bundle";
import { saveQuestion } from "@/lib/use-cases/admin/save-question";
import { conceptQuestion, runId } from "./admin-support";

const PASSWORD = "correct horse battery";
const noParams = { params: Promise.resolve({}) };

async function signUp(role: "candidate" | "admin"): Promise<{ cookie: string; id: string }> {
  const email = `route-${randomUUID()}@example.test`;
  const response = await getAuth().handler(
    new Request("http://localhost:3000/api/auth/sign-up/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
      body: JSON.stringify({ email, password: PASSWORD, name: role }),
    }),
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!.split(";")[0]!;
  const user = await getPrisma().user.update({ where: { email }, data: { role } });
  return { cookie, id: user.id };
}

const request = (path: string, cookie?: string) => new Request(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} });

let candidate: { cookie: string; id: string };
let admin: { cookie: string; id: string };
const slug = `route-${runId()}`;

beforeAll(async () => {
  candidate = await signUp("candidate");
  admin = await signUp("admin");
  await saveQuestion({ actor: { id: admin.id, role: "admin" }, input: conceptQuestion(slug), expectedVersion: null });
});

afterAll(() => disconnectPrisma());

test.each([
  { name: "export", call: (cookie?: string) => exportRoute(request(`/admin/export?slug=${slug}`, cookie), noParams) },
  { name: "bundle schema", call: (cookie?: string) => schemaRoute(request("/admin/bundle-schema.json", cookie), noParams) },
])("$name: guest 401, candidate 403 without data", async ({ call }) => {
  const guest = await call();
  expect(guest.status).toBe(401);
  const refused = await call(candidate.cookie);
  expect(refused.status).toBe(403);
  const body = await refused.text();
  expect(body).not.toContain(slug);
  expect(JSON.parse(body).error).toBe("FORBIDDEN");
});

test("an admin downloads the selection as a bundle, and the export is audited", async () => {
  const response = await exportRoute(request(`/admin/export?slug=${slug}`, admin.cookie), noParams);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="clockwise-bank-.*\.json"$/);
  const parsed = parseBundleText("download.json", await response.text());
  expect(parsed.problems).toEqual([]);
  expect(parsed.questions.map((q) => q.slug)).toEqual([slug]);
  const audit = await getPrisma().auditLog.findFirst({ where: { actorId: admin.id, action: "bank.export" } });
  expect(audit?.details).toEqual({ count: 1, slugs: [slug] });
  const schema = await schemaRoute(request("/admin/bundle-schema.json", admin.cookie), noParams);
  expect((await schema.json()).properties.format.const).toBe("clockwise-bank");
});
