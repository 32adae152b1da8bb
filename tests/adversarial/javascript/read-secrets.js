// expect: AC
const fs = require("fs");
function solve(ctx, engine) {
  const leaked = [];
  const files = ["/etc/passwd", "/work/main/.env", "/work/main/package.json", "/root/.bashrc",
    "/work/main/models/manifest.json", "/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline"];
  for (const file of files) {
    try {
      const data = fs.readFileSync(file, "latin1").slice(0, 4096);
      if (file.startsWith("/proc/")) {
        if (ctx.secretNames.some((name) => data.includes(name))) leaked.push(file);
      } else leaked.push(file);
    } catch {}
  }
  for (const dir of ["/work", "/root", "/home", "/var", "/opt"]) if (fs.existsSync(dir)) leaked.push(dir);
  return leaked.length ? `LEAKED ${leaked}` : "blocked";
}
