// expect: AC
function solve(ctx, engine) {
  console.log(JSON.stringify(process.env));
  const leaked = ctx.secretNames.filter((name) => name in process.env);
  return leaked.length ? `LEAKED ${leaked}` : "blocked";
}
