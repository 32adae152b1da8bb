// expect: AC
const fs = require("fs");
function solve(ctx, engine) {
  const written = [];
  for (const file of ["/box/js_harness.cjs", "/box/evil.js", "/usr/lib/evil.js", "/evil", "/etc/evil"]) {
    try {
      fs.appendFileSync(file, "pwned");
      written.push(file);
    } catch {}
  }
  return written.length ? `WROTE ${written}` : "blocked";
}
