// expect: AC
const fs = require("fs");
function solve(ctx, engine) {
  const leaked = [];
  ["/work/main/.env", "/etc/passwd", "/proc/1/root/etc/passwd"].forEach((target, i) => {
    try {
      fs.symlinkSync(target, `/tmp/link${i}`);
      fs.readFileSync(`/tmp/link${i}`);
      leaked.push(target);
    } catch {}
  });
  return leaked.length ? `LEAKED ${leaked}` : "blocked";
}
