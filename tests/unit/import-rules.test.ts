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
  return info.importedFiles.flatMap(({ fileName: spec }) => toTarget(file, spec));
}

function toTarget(file: string, spec: string): string[] {
  let target: string;
  if (spec.startsWith("@/")) target = spec.slice(2);
  else if (spec.startsWith("./") || spec.startsWith("../")) target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  else return [];
  return [target.replace(SOURCE, "").replace(/\/index$/, "")];
}

/** Like importsOf, without type-only imports and re-exports (erased at build time: they load nothing at run time). */
const runtimeImports = new Map<string, string[]>();
function runtimeImportsOf(file: string): string[] {
  const known = runtimeImports.get(file);
  if (known) return known;
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) specs.push(node.moduleSpecifier.text);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) specs.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      specs.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const targets = specs.flatMap((spec) => toTarget(file, spec));
  runtimeImports.set(file, targets);
  return targets;
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

/** The project file a module path (as importsOf gives it) resolves to, or undefined for something else (assets). */
function resolveModule(target: string): string | undefined {
  for (const candidate of [target, ...[".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs"].flatMap((ext) => [`${target}${ext}`, `${target}/index${ext}`])]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile() && SOURCE.test(candidate)) return candidate;
  }
  return undefined;
}

/** Every project file `file` loads at run time through its imports, with the chain that reaches it (first found). */
function closureOf(file: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[file, [file]]]);
  const queue = [file];
  while (queue.length) {
    const current = queue.shift()!;
    for (const target of runtimeImportsOf(current)) {
      const resolved = resolveModule(target);
      if (!resolved || chains.has(resolved)) continue;
      chains.set(resolved, [...chains.get(current)!, resolved]);
      queue.push(resolved);
    }
  }
  return chains;
}

/**
 * Issue 12: the web tier runs no sandbox, so a web host needs no bubblewrap — reference solutions run on a grader
 * worker (a job on the grading queue). Checked on the whole import closure, not only direct imports: a use case
 * that imported a module that imported the sandbox would break it as surely as importing the sandbox itself.
 */
const RUNS_BOXES = oneOf(
  under("lib/grader/sandbox"),
  (p) => /^lib\/grader\/(run-tests|reference-validation|self-test)\./.test(p),
  (p) => /^lib\/grader\/pipeline\/(worker|worker-main|validation-job|grade-submission|self-test)\./.test(p),
);
const isWebTier = oneOf(under("app"), under("lib/use-cases"));

/** "a → b → lib/grader/sandbox/box.ts" for every file of `files` that reaches code that runs boxes. */
function sandboxReaches(files: string[]): string[] {
  return files.flatMap((file) => {
    const chains = closureOf(file);
    const hit = [...chains.keys()].find(RUNS_BOXES);
    return hit ? [chains.get(hit)!.join(" → ")] : [];
  });
}

test("the web tier (app, lib/use-cases) never reaches the sandbox, even through other modules", () => {
  expect(sandboxReaches(FILES.filter(isWebTier))).toEqual([]);
});

test("the sandbox rule catches a file that reaches the sandbox through another module, and passes the queue's web side", () => {
  const dir = fs.mkdtempSync(path.join(ROOT, "tests/unit/.import-rules-"));
  try {
    const rel = (name: string) => path.relative(ROOT, path.join(dir, name)).split(path.sep).join("/");
    fs.writeFileSync(path.join(ROOT, rel("probe.ts")), 'import { middle } from "./middle";\nexport const probe = middle;\n');
    fs.writeFileSync(path.join(ROOT, rel("middle.ts")), 'export { validateReferences as middle } from "@/lib/grader/reference-validation";\n');
    fs.writeFileSync(path.join(ROOT, rel("typed.ts")), 'import type { SandboxUnavailableError } from "@/lib/grader/sandbox/box";\nexport type T = SandboxUnavailableError;\n');
    const found = sandboxReaches([rel("probe.ts"), rel("typed.ts")]);
    // A type-only import loads nothing at run time, so it does not count.
    expect(found).toEqual([`${rel("probe.ts")} → ${rel("middle.ts")} → lib/grader/reference-validation.ts`]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(sandboxReaches(["lib/use-cases/admin/reference-runs.ts", "lib/use-cases/admin/validate-question.ts"])).toEqual([]);
});

/**
 * One configuration (issue 12, docs/adr/0004-configuration.md): the environment is read by lib/config's loadConfig()
 * and handed out from there. The files below are the exceptions the ADR lists, each with its reason; any other file
 * that touches `process.env` (reading or writing) breaks the rule. Comments and strings do not count.
 */
const PROCESS_ENV_EXCEPTIONS: Record<string, string> = {
  "lib/config/env.ts": "the configuration itself",
  "lib/config/config.ts": "the configuration itself",
  "lib/db/database-config.ts": "DATABASE_URL for processes no entry point configured (tests point a file at its own database at run time); lib/db may not import lib/config",
  "lib/engine/config.ts": "the engine imports nothing else from lib; it takes options as arguments and parses its own variables when given none",
  "lib/observability/log.ts": "the logger works before and without a configuration (it reports configuration errors)",
  "lib/ops/bootstrap.mjs": "plain Node before dependencies exist; passes the environment to npm, apt and prisma",
  "lib/ops/test.ts": "passes the environment on to Jest",
  "lib/ops/start.ts": "passes the environment on to the build and the web server",
  "lib/ops/web-server.ts": "sets Next's own variables before loading Next, as `next start` does",
};

/** How many times `file` touches `process.env` (property access on the global `process`), comments excluded. */
function processEnvUses(file: string): number {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  let uses = 0;
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "process" && node.name.text === "env") uses += 1;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

test("process.env is read only in lib/config and the exceptions of ADR 0004", () => {
  const offenders = FILES.filter((file) => !(file in PROCESS_ENV_EXCEPTIONS) && processEnvUses(file) > 0);
  expect(offenders).toEqual([]);
  // An exception that no longer reads the environment is removed from the list (and from the ADR).
  expect(Object.keys(PROCESS_ENV_EXCEPTIONS).filter((file) => !fs.existsSync(path.join(ROOT, file)) || processEnvUses(file) === 0)).toEqual([]);
});

test("the process.env rule sees reads and writes, and not comments or strings", () => {
  const dir = fs.mkdtempSync(path.join(ROOT, "tests/unit/.import-rules-"));
  try {
    const rel = (name: string) => path.relative(ROOT, path.join(dir, name)).split(path.sep).join("/");
    fs.writeFileSync(path.join(ROOT, rel("reads.ts")), 'export const limit = Number(process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT ?? "10");\n');
    fs.writeFileSync(path.join(ROOT, rel("writes.ts")), 'export function setUp() {\n  process.env.CLOCKWISE_WARM_POOL ??= "1";\n}\n');
    fs.writeFileSync(path.join(ROOT, rel("mentions.ts")), '// process.env.DATABASE_URL is set by the start script\nexport const hint = "set process.env.PORT";\n');
    expect([rel("reads.ts"), rel("writes.ts"), rel("mentions.ts")].map(processEnvUses)).toEqual([1, 1, 0]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe.each(RULES)("$name", (rule) => {
  test("holds for every file", () => {
    const broken = FILES.filter(rule.files).flatMap((file) => importsOf(file).filter((t) => rule.forbidden(t, file)).map((t) => `${file} → ${t}`));
    expect(broken).toEqual([]);
  });
});
