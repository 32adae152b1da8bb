/**
 * One signature per coding question — the entry names and the parameter list of its coding spec — rendered for each
 * language (issue 18.7, docs/adr/0613-signatures-and-offered-languages.md): the API block the candidate sees next to
 * the editor and the starter an admin begins from, so the statement never documents only the Python API.
 * Python is snake_case and synchronous; JavaScript/TypeScript camelCase with `await` on every engine call (the
 * harness's engine methods return Promises there). Pure, so the page, the admin editor and tests share it.
 *
 * @example
 *   apiBlock("javascript", { entry: "textClassification", params: ["text", "label"] })
 *   // → "async function textClassification(text, label, engine) { … await engine.tokenize(model, text) … }"
 */

export type SignatureLanguage = "python" | "javascript" | "typescript";

export interface Signature {
  /** The entry function's name in that language (the coding spec's `languages[lang].entry`). */
  entry: string;
  /** Positional parameters in call order, as the spec names them (snake_case or single words). */
  params: readonly string[];
}

/** snake_case → camelCase ("max_length" → "maxLength"); names without underscores are unchanged. */
export function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** camelCase → snake_case ("maxLength" → "max_length"). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Parameter names as that language's convention writes them. */
export function paramsFor(language: SignatureLanguage, params: readonly string[]): string[] {
  return params.map((p) => (language === "python" ? snakeCase(p) : camelCase(p)));
}

/** The function header: `def f(a, b, engine):` / `async function f(a, b, engine) {` / typed for TypeScript. */
export function header(language: SignatureLanguage, sig: Signature): string {
  const names = paramsFor(language, sig.params);
  if (language === "python") return `def ${sig.entry}(${[...names, "engine"].join(", ")}):`;
  if (language === "javascript") return `async function ${sig.entry}(${[...names, "engine"].join(", ")}) {`;
  return `async function ${sig.entry}(${[...names.map((n) => `${n}: any`), "engine: Engine"].join(", ")}): Promise<unknown> {`;
}

/** The statement's API block for one language: the entry's signature and how the engine is called in it. */
export function apiBlock(language: SignatureLanguage, sig: Signature): string {
  const first = paramsFor(language, sig.params)[0] ?? "text";
  if (language === "python") {
    return [
      header(language, sig),
      `    # called once per test with the test's arguments, then engine; return plain data`,
      `    enc = engine.tokenize(model, ${first})          # {"input_ids": [...], ...}`,
      `    out = engine.forward(model, {"input_ids": [enc["input_ids"]]})`,
      `    labels = engine.labels(model); info = engine.info(model)`,
    ].join("\n");
  }
  const close = "}";
  return [
    header(language, sig),
    `  // called once per test with the test's arguments, then engine; engine methods return Promises`,
    `  const enc = await engine.tokenize(model, ${first});   // { input_ids: [...], ... }`,
    `  const out = await engine.forward(model, { input_ids: [enc.input_ids] });`,
    `  const labels = await engine.labels(model); const info = await engine.info(model);`,
    close,
  ].join("\n");
}

/** A starter that compiles and returns nothing useful yet: what a new question's languages begin with. */
export function starter(language: SignatureLanguage, sig: Signature): string {
  if (language === "python") return `${header(language, sig)}\n    # your code here\n    return None\n`;
  return `${header(language, sig)}\n  // your code here\n  return null;\n}\n`;
}
