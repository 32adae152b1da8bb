/**
 * The page error boundary (app/error.tsx) as server-rendered markup: a readable message and the digest, never the
 * error's own message or stack (which may hold SQL or paths).
 */
import { renderToStaticMarkup } from "react-dom/server";
import PageError from "@/app/error";

// The app router is not mounted in a unit render; the boundary only needs refresh() from it.
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));

test("shows a message, a retry and the digest, and nothing of the error itself", () => {
  const error = Object.assign(new Error('relation "Question" does not exist at /work/main/lib/db/x.ts:12'), { digest: "3141592653" });
  const html = renderToStaticMarkup(<PageError error={error} reset={() => undefined} />);
  expect(html).toContain('role="alert"');
  expect(html).toContain("页面出错了");
  expect(html).toContain("重试");
  expect(html).toContain("3141592653");
  expect(html).not.toContain("relation");
  expect(html).not.toContain("/work/main");
  expect(html).not.toContain(error.stack!.split("\n")[1].trim());
});

test("without a digest there is no reference line", () => {
  const html = renderToStaticMarkup(<PageError error={new Error("boom")} reset={() => undefined} />);
  expect(html).toContain("页面出错了");
  expect(html).not.toContain("错误编号");
  expect(html).not.toContain("boom");
});
