/**
 * The repository root (where prisma/ and node_modules/ live): found from this file when running from source
 * (tsx, Jest), else the working directory (a bundled Next server runs with cwd = repository root).
 */
import fs from "node:fs";
import path from "node:path";

function findRoot(): string {
  const fromSource = path.resolve(__dirname, "../..");
  if (fs.existsSync(path.join(fromSource, "prisma", "schema.prisma"))) return fromSource;
  return process.cwd();
}

export const PROJECT_ROOT = findRoot();
