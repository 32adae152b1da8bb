/**
 * JavaScript and TypeScript submissions are transpiled on the host, before they enter the box, to CommonJS
 * with esbuild (types stripped, `export` allowed but not required), with an inline source map so stack
 * traces in the box point at the user's own lines. A syntax error becomes verdict CE with its line.
 *
 * @example
 *   const out = await transpileForBox("typescript", "export function f(x: number) { return x }", "f");
 *   if (!out.ok) console.log(out.error.line);  // else out.code runs in js_harness.cjs
 */
import { transform } from "esbuild";
import type { CompileError } from "./types";

export const MAX_CODE_CHARS = 200_000;
const ENTRY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export type TranspileResult = { ok: true; code: string; filename: string } | { ok: false; error: CompileError };

export async function transpileForBox(language: "javascript" | "typescript", source: string, entry: string): Promise<TranspileResult> {
  if (!ENTRY_NAME.test(entry)) return { ok: false, error: { message: `invalid entry name ${JSON.stringify(entry)}` } };
  if (source.length > MAX_CODE_CHARS) {
    return { ok: false, error: { message: `the code is longer than ${MAX_CODE_CHARS} characters` } };
  }
  const filename = language === "typescript" ? "/box/solution.ts" : "/box/solution.js";
  try {
    const out = await transform(source, {
      loader: language === "typescript" ? "ts" : "js",
      format: "cjs",
      target: "node20",
      platform: "node",
      sourcemap: "inline",
      sourcefile: filename,
      logLevel: "silent",
    });
    // Lets the harness find a top-level function that was declared without `export`. Inserted before the
    // source-map comment, which must stay last.
    const hook = `\n;try { module.exports.__clockwiseEntry = typeof ${entry} === "function" ? ${entry} : undefined; } catch {}\n`;
    const mapAt = out.code.lastIndexOf("//# sourceMappingURL=");
    const code = mapAt >= 0 ? out.code.slice(0, mapAt) + hook + out.code.slice(mapAt) : out.code + hook;
    return { ok: true, code, filename: "/box/solution.js" };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    if (!first) return { ok: false, error: { message: "the code could not be compiled" } };
    return {
      ok: false,
      error: {
        message: `SyntaxError: ${first.text}`,
        line: first.location?.line ?? null,
        column: first.location ? first.location.column + 1 : null,
      },
    };
  }
}
