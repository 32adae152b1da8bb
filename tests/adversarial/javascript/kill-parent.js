// expect: RE|AC
function solve(ctx, engine) {
  for (const target of [process.ppid, 1, -1]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {}
  }
  return "blocked";
}
