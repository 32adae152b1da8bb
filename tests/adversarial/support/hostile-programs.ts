/**
 * The attack suite is data: one hostile program per file under tests/adversarial/<language>/, whose first
 * line says which verdicts it may get (`# expect: RE|TLE`). Programs define `solve(ctx, engine)`; ctx
 * carries the port of a host TCP server they must not reach and the names of secret env vars they must not
 * see. A program that "wins" returns something other than "blocked" and so gets WA.
 */
import fs from "node:fs";
import path from "node:path";
import { VERDICTS, type GradeLanguage, type Verdict } from "@/lib/grader/types";

export interface HostileProgram {
  name: string;
  language: GradeLanguage;
  code: string;
  expect: Verdict[];
}

export function loadHostilePrograms(language: "python" | "javascript"): HostileProgram[] {
  const dir = path.join(__dirname, "..", language);
  const ext = language === "python" ? ".py" : ".js";
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((file) => {
      const code = fs.readFileSync(path.join(dir, file), "utf8");
      const match = /^(?:#|\/\/)\s*expect:\s*([A-Z|]+)\s*$/.exec(code.split("\n")[0]);
      if (!match) throw new Error(`${language}/${file}: the first line must be "# expect: VERDICT[|VERDICT…]"`);
      const expect = match[1].split("|") as Verdict[];
      for (const v of expect) if (!VERDICTS.includes(v)) throw new Error(`${language}/${file}: unknown verdict ${v}`);
      return { name: `${language}/${file}`, language, code, expect };
    });
}
