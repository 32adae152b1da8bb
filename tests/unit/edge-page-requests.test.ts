/** Which requests the edge answers with the 503 page while the database is unreachable (lib/ops/page-requests.ts). */
import { isDatabaseBackedPage } from "@/lib/ops/page-requests";

describe("isDatabaseBackedPage", () => {
  test.each([
    ["GET", "/", true],
    ["GET", "/questions", true],
    ["GET", "/questions?q=attention&page=2", true],
    ["HEAD", "/questions/semantic-vector", true],
    ["GET", "/questions/semantic-vector?_rsc=abc12", true],
    ["GET", "/admin/questions/new", true],
    ["GET", "/api/health", false],
    ["GET", "/api", false],
    ["GET", "/apis-are-pages", true],
    ["POST", "/api/submissions", false],
    ["POST", "/questions/semantic-vector", false], // a server action
    ["GET", "/_next/static/chunks/main.js", false],
    ["GET", "/favicon.ico", false],
    ["GET", "/robots.txt", false],
    ["OPTIONS", "/questions", false],
    ["GET", undefined, true],
  ])("%s %s → %p", (method, url, expected) => {
    expect(isDatabaseBackedPage(method, url)).toBe(expected);
  });
});
