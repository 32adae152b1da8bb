// expect: RE|TLE|MLE
const { spawn } = require("child_process");
function solve(ctx, engine) {
  for (;;) {
    try {
      spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    } catch {}
  }
}
