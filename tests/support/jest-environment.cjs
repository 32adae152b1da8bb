// Jest runs each test file in its own vm context, so `new Float32Array()` inside a test is not an
// instance of the host's Float32Array. onnxruntime-node checks `instanceof` against the host
// constructors; sharing them makes real tensors built in tests acceptable to the runtime.
const { TestEnvironment } = require("jest-environment-node");

const SHARED = [
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Buffer", "Uint8Array", "Uint8ClampedArray", "Int8Array",
  "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array",
  "BigInt64Array", "BigUint64Array",
];

class ClockwiseEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) {
      if (globalThis[name]) this.global[name] = globalThis[name];
    }
  }
}

module.exports = ClockwiseEnvironment;
