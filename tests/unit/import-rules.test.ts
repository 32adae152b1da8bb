/**
 * The layers' import rules (ADR 0002), checked on every file's real import list (static imports, `export … from`,
 * dynamic `import()` and `require()`, as TypeScript's own pre-processor reads them):
 *   app → lib/use-cases → lib/{db, grader, engine, bank, auth}; lib/grader → lib/engine; nothing in lib imports app.
 * A broken rule fails with the file, the import and the rule's reason.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
      out.push(...walk(rel));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** Project-relative module path (no extension) of every local import of `file`; packages are left out. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), "utf8"), true, true);
  return info.importedFiles.flatMap(({ fileName: spec }) => {
    let target: string;
    if (spec.startsWith("@/")) target = spec.slice(2);
    else if (spec.startsWith("./") || spec.startsWith("../")) target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    else return [];
    return [target.replace(SOURCE, "").replace(/\/index$/, "")];
  });
}

const under = (dir: string) => (p: string) => p === dir || p.startsWith(`${dir}/`);
const oneOf = (...tests: ((p: string) => boolean)[]) => (p: string) => tests.some((t) => t(p));

interface Rule {
  name: string;
  /** Which files the rule is about. */
  files: (file: string) => boolean;
  /** Which imports of those files break it (project-relative path, no extension). */
  forbidden: (target: string, file: string) => boolean;
}

const isGraderPipeline = oneOf(under("lib/grader/pipeline"), under("lib/grader/cli"));
const LIB_LAYERS = ["lib/use-cases", "lib/db", "lib/grader", "lib/engine", "lib/bank", "lib/auth", "lib/config", "lib/ops", "lib/web", "lib/i18n", "lib/observability"];

const RULES: Rule[] = [
  {
    name: "lib/engine imports nothing else from lib (the engine is the CPU; everything uses it, it uses nothing)",
    files: under("lib/engine"),
    forbidden: (t) => t.startsWith("lib/") && !under("lib/engine")(t),
  },
  {
    name: "the grader core imports only the grader core, the engine, the bank format, errors and the logger (not db, use cases, auth, web)",
    files: (f) => under("lib/grader")(f) && !isGraderPipeline(f),
    forbidden: (t) =>
      t.startsWith("lib/") &&
      !oneOf(under("lib/engine"), under("lib/bank"), (p) => p === "lib/errors", (p) => p === "lib/observability/log")(t) &&
      !(under("lib/grader")(t) && !isGraderPipeline(t)),
  },
  {
    name: "lib/db imports only itself, the bank format, errors and the logger (no auth, grader, engine, use cases, config)",
    files: under("lib/db"),
    forbidden: (t) => t.startsWith("lib/") && !oneOf(under("lib/db"), under("lib/bank"), (p) => p === "lib/errors", (p) => p === "lib/observability/log")(t),
  },
  {
    name: "lib/auth does not import use cases, the grader or the engine (and lib/db never imports lib/auth: no cycle)",
    files: under("lib/auth"),
    forbidden: (t) => oneOf(under("lib/use-cases"), under("lib/grader"), under("lib/engine"))(t),
  },
  {
    name: "app imports use cases, auth, i18n, the bank format, errors, web mappers, observability and the submission contract — never lib/db or grader internals",
    files: under("app"),
    forbidden: (t, f) =>
      oneOf(under("lib/db"), under("lib/ops"), under("lib/config"))(t) ||
      (under("lib/grader")(t) && t !== "lib/grader/submission-contract") ||
      // The playground is an engine console (it shows tokens, stages and logits); it may call the engine directly.
      (under("lib/engine")(t) && !under("app/playground")(f)),
  },
  {
    name: "nothing in lib imports app",
    files: under("lib"),
    forbidden: under("app"),
  },
  {
    name: "lib/use-cases does not import the web tier or operations",
    files: under("lib/use-cases"),
    forbidden: oneOf(under("app"), under("lib/web"), under("lib/ops")),
  },
];

const FILES = [...walk("app"), ...walk("lib")];

test("the layers exist where the rules expect them", () => {
  for (const layer of LIB_LAYERS) expect(fs.existsSync(path.join(ROOT, layer))).toBe(true);
  expect(FILES.filter(under("lib/use-cases")).length).toBeGreaterThan(20);
  expect(FILES.filter(under("app")).length).toBeGreaterThan(20);
});

test("the import reader sees static, type-only, re-export and dynamic imports", () => {
  const dir = fs.mkdtempSync(path.join(ROOT, "tests/unit/.import-rules-"));
  try {
    const rel = path.relative(ROOT, path.join(dir, "probe.ts")).split(path.sep).join("/");
    fs.writeFileSync(
      path.join(ROOT, rel),
      'import a from "@/lib/db/client";\nimport type { B } from "../../../lib/grader/types";\nexport { c } from "./c";\nconst d = await import("@/lib/engine");\nimport "node:fs";\n',
    );
    expect(importsOf(rel).sort()).toEqual(["lib/db/client", "lib/engine", "lib/grader/types", `${path.posix.dirname(rel)}/c`].sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.each([
  { file: "lib/engine/engine.ts", target: "lib/errors", broken: true },
  { file: "lib/grader/run-tests.ts", target: "lib/db/client", broken: true },
  { file: "lib/grader/run-tests.ts", target: "lib/grader/pipeline/queue", broken: true },
  { file: "lib/grader/pipeline/worker.ts", target: "lib/db/client", broken: false },
  { file: "lib/db/client.ts", target: "lib/auth/actor", broken: true },
  { file: "lib/db/client.ts", target: "lib/bank/schema", broken: false },
  { file: "app/page.tsx", target: "lib/db/client", broken: true },
  { file: "app/page.tsx", target: "lib/grader/reference-validation", broken: true },
  { file: "app/page.tsx", target: "lib/grader/submission-contract", broken: false },
  { file: "app/page.tsx", target: "lib/use-cases/questions/get-question", broken: false },
  { file: "lib/bank/load.ts", target: "app/layout", broken: true },
])("$file → $target breaks a rule: $broken", ({ file, target, broken }) => {
  expect(RULES.some((rule) => rule.files(file) && rule.forbidden(target, file))).toBe(broken);
});

describe.each(RULES)("$name", (rule) => {
  test("holds for every file", () => {
    const broken = FILES.filter(rule.files).flatMap((file) => importsOf(file).filter((t) => rule.forbidden(t, file)).map((t) => `${file} → ${t}`));
    expect(broken).toEqual([]);
  });
});
