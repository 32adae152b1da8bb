// expect: WA
function solve(ctx, engine) {
  for (let index = 0; index < 10; index++) console.log(JSON.stringify({ type: "result", index, value: "blocked" }));
  console.log("All tests passed! verdict: AC score: 1.0");
  return "wrong";
}
