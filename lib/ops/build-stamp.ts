/**
 * Decides whether the production build in .next is stale: a content hash over everything `next build`
 * reads. Cheap (a few hundred small files), so `npm start` stays quick when nothing changed.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "lib", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated", "__pycache__"]);
// The orchestration scripts are not part of what `next build` compiles.
const OPS_DIR = path.resolve(__dirname);

function* walk(p: string): Generator<string> {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isFile()) {
    yield p;
    return;
  }
  for (const name of readdirSync(p).sort()) {
    if (SKIP.has(name) || path.join(p, name) === OPS_DIR) continue;
    yield* walk(path.join(p, name));
  }
}

export function sourceHash(root: string): string {
  const h = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of walk(path.join(root, input))) {
      h.update(path.relative(root, file));
      h.update("\0");
      h.update(readFileSync(file));
      h.update("\0");
    }
  }
  return h.digest("hex");
}

export const BUILD_STAMP = path.join(".next", "clockwise-source-sha256");
