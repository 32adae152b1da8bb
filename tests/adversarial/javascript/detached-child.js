// expect: AC
// Starts a detached, unref'd child meant to outlive the submission (see the suite's cleanup check).
const { spawn } = require("child_process");
function solve(ctx, engine) {
  const child = spawn("/usr/bin/sleep", ["3600"], { detached: true, stdio: "ignore" });
  child.unref();
  return "blocked";
}
