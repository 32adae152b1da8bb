// expect: RE
// Breaks the JSON encoder the harness shares with user code, so the harness sends garbage frames; the
// host must reject them (verdict RE), not crash or accept them.
function solve(ctx, engine) {
  JSON.stringify = () => "{this is not json";
  Object.defineProperty(Object.prototype, "type", { get: () => "result", configurable: true });
  return "blocked";
}
