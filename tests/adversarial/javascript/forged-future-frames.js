// expect: RE
// Opens the harness's channel (fd 3) and writes well-formed result frames for tests not yet sent.
const net = require("net");
function frame(message) {
  const body = Buffer.from(JSON.stringify(message));
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}
async function solve(ctx, engine) {
  const channel = new net.Socket({ fd: 3, readable: false, writable: true });
  for (let index = 1; index < 20; index++) channel.write(frame({ type: "result", index, value: "blocked" }));
  await new Promise((r) => setTimeout(r, 50));
  return "wrong";
}
