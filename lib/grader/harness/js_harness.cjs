"use strict";
/**
 * Clockwise JavaScript/TypeScript harness: runs inside the sandbox, talks to the host over fd 3.
 * The host has already transpiled the user's code to CommonJS with esbuild (TypeScript too), with an
 * inline source map so stack traces point at the user's own lines.
 *
 * Protocol: see python_harness.py (same frames). Engine methods return Promises; the entry's result is
 * awaited. Nothing the user prints is read by the host; the host trusts only well-formed frames that answer
 * the test it sent.
 */
const net = require("node:net");
const Module = require("node:module");

const MAX_TRACEBACK = 4000;

const channel = new net.Socket({ fd: 3, readable: true, writable: true });

function encodeNonFinite(_key, value) {
  if (typeof value === "number" && !Number.isFinite(value)) return { $float: String(value) };
  if (typeof value === "bigint") return Number(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value);
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return Array.from(value);
  return value;
}

/** {"$f32": dims, "b64": float32 bytes} from the host (large engine outputs) → nested plain arrays. */
function unpackFloat32(dims, b64) {
  const bytes = Buffer.from(b64, "base64");
  // Copied out: a pooled Buffer's offset need not be a multiple of 4.
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const build = (axis, offset) => {
    const size = dims[axis];
    let stride = 1;
    for (let a = axis + 1; a < dims.length; a++) stride *= dims[a];
    const out = new Array(size);
    if (axis === dims.length - 1) for (let i = 0; i < size; i++) out[i] = data[offset + i];
    else for (let i = 0; i < size; i++) out[i] = build(axis + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}

function decodeNonFinite(_key, value) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$float" && typeof value.$float === "string") return Number(value.$float);
    if (keys.length === 2 && Array.isArray(value.$f32) && typeof value.b64 === "string") return unpackFloat32(value.$f32, value.b64);
  }
  return value;
}

function send(message) {
  const body = Buffer.from(JSON.stringify(message, encodeNonFinite) ?? "null", "utf8");
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  channel.write(Buffer.concat([header, body]));
}

class EngineError extends Error {
  constructor(message) {
    super(message);
    this.name = "EngineError";
  }
}

let nextCallId = 0;
const pendingCalls = new Map();

function engineCall(method, args) {
  nextCallId += 1;
  const id = nextCallId;
  return new Promise((resolve, reject) => {
    pendingCalls.set(id, { resolve, reject });
    try {
      send({ type: "engine", id, method, args });
    } catch (error) {
      pendingCalls.delete(id);
      reject(new EngineError(`engine.${method}: ${error && error.message}`));
    }
  });
}

/** The inference engine seen by submissions: every method is an async request to the host. */
const engine = Object.freeze({
  tokenize: (model, text, options) => {
    const maxLength = options && typeof options === "object" ? (options.maxLength ?? options.max_length) : options;
    return engineCall("tokenize", [model, text, maxLength == null ? {} : { maxLength }]);
  },
  // Decoder LMs: inputs { input_ids, past: null | the previous result's past handle, attention_mask?, past_rows?, all_logits? }.
  forward: (model, inputs) => engineCall("forward", [model, inputs]),
  decode: (model, ids, options) => {
    const skip = options && typeof options === "object" ? (options.skipSpecialTokens ?? options.skip_special_tokens) : false;
    return engineCall("decode", [model, ids, { skipSpecialTokens: skip === true }]);
  },
  labels: (model) => engineCall("labels", [model]),
  info: (model) => engineCall("info", [model]),
});
globalThis.EngineError = EngineError;

function userTraceback(error) {
  if (!(error instanceof Error)) return `Uncaught ${typeof error === "string" ? error : safeString(error)}`;
  const lines = String(error.stack || `${error.name}: ${error.message}`).split("\n");
  const head = lines.filter((l) => !/^\s+at /.test(l));
  const userFrames = lines.filter((l) => /^\s+at /.test(l) && l.includes("/box/solution."));
  return [...head, ...userFrames].join("\n").slice(0, MAX_TRACEBACK);
}

function safeString(value) {
  try {
    return String(value);
  } catch {
    return "(unprintable value)";
  }
}

function errorMessage(error) {
  if (error instanceof Error) return String(error.message).slice(0, 1000);
  return safeString(error).slice(0, 1000);
}

function errorType(error) {
  if (error instanceof Error) return error.name || "Error";
  return typeof error;
}

let currentTest = null;
// The nonce the host sent with the running test: a result is accepted only with it (ADR 0301), so no result
// can be written before its test arrives.
let currentNonce = null;

function loadSolution(code, entry, filename) {
  const mod = new Module(filename, null);
  mod.filename = filename;
  mod.paths = [];
  try {
    mod._compile(code, filename);
  } catch (error) {
    if (error instanceof SyntaxError) {
      send({ type: "compile_error", message: `SyntaxError: ${error.message}`, line: null });
    } else {
      send({ type: "load_error", errorType: errorType(error), message: errorMessage(error), traceback: userTraceback(error) });
    }
    return null;
  }
  const exported = mod.exports && typeof mod.exports === "object" ? mod.exports : {};
  const fn =
    typeof exported[entry] === "function"
      ? exported[entry]
      : typeof exported.__clockwiseEntry === "function"
        ? exported.__clockwiseEntry
        : typeof mod.exports === "function" && mod.exports.name === entry
          ? mod.exports
          : null;
  if (!fn) {
    send({ type: "compile_error", message: `the function ${entry} is not defined at the top level`, line: null });
    return null;
  }
  return fn;
}

async function runTest(fn, message) {
  const index = message.index;
  const nonce = message.nonce;
  currentTest = index;
  currentNonce = nonce;
  try {
    const value = await fn(...(message.args || []), engine);
    if (currentTest !== index) return;
    currentTest = null;
    try {
      send({ type: "result", index, nonce, value: value === undefined ? null : value });
    } catch (error) {
      // e.g. a value nested too deeply for JSON.stringify, or a cycle: the program's fault, said plainly.
      send({ type: "error", index, nonce, errorType: "TypeError", message: `the returned value cannot be sent: ${errorMessage(error)}`, traceback: "" });
    }
  } catch (error) {
    if (currentTest !== index) return;
    currentTest = null;
    send({ type: "error", index, nonce, errorType: errorType(error), message: errorMessage(error), traceback: userTraceback(error) });
  }
}

// Errors thrown from callbacks the user scheduled belong to the test that is running.
process.on("uncaughtException", (error) => {
  if (currentTest !== null) {
    const index = currentTest;
    currentTest = null;
    send({ type: "error", index, nonce: currentNonce, errorType: errorType(error), message: errorMessage(error), traceback: userTraceback(error) });
  } else {
    process.stderr.write(`${userTraceback(error)}\n`);
  }
});
process.on("unhandledRejection", (reason) => {
  process.stderr.write(`Unhandled promise rejection: ${userTraceback(reason)}\n`);
});

let solution = null;
let buffered = Buffer.alloc(0);

function handle(message) {
  switch (message.type) {
    case "init":
      solution = loadSolution(message.code, message.entry, message.filename || "/box/solution.js");
      if (solution) send({ type: "ready" });
      break;
    case "test":
      if (solution) runTest(solution, message);
      break;
    case "engine_reply":
    case "engine_error": {
      const pending = pendingCalls.get(message.id);
      if (!pending) break;
      pendingCalls.delete(message.id);
      if (message.type === "engine_reply") pending.resolve(message.value);
      else pending.reject(new EngineError(String(message.message || "engine request failed")));
      break;
    }
    case "shutdown":
      process.exit(0);
  }
}

channel.on("data", (chunk) => {
  buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
  while (buffered.length >= 4) {
    const length = buffered.readUInt32BE(0);
    if (buffered.length < 4 + length) break;
    const body = buffered.subarray(4, 4 + length).toString("utf8");
    buffered = buffered.subarray(4 + length);
    handle(JSON.parse(body, decodeNonFinite));
  }
});
channel.on("end", () => process.exit(0));
channel.on("error", () => process.exit(0));

send({ type: "hello", language: "javascript" });
