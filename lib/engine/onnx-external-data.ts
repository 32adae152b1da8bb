/**
 * Finds every external-data "location" an ONNX file refers to, by walking the protobuf wire format
 * directly (no generated classes): ONNX Runtime would open those paths relative to the model file,
 * so a hostile or careless model could make it read any file on the machine.
 *
 * Walked (field numbers from onnx.proto3):
 *   ModelProto     7 graph, 25 functions
 *   GraphProto     1 node, 5 initializer, 15 sparse_initializer
 *   FunctionProto  7 node
 *   NodeProto      5 attribute
 *   AttributeProto 5 t, 6 g, 10 tensors, 11 graphs, 22 sparse_tensor, 23 sparse_tensors
 *   SparseTensorProto 1 values, 2 indices
 *   TensorProto    13 external_data (StringStringEntryProto: 1 key, 2 value), 14 data_location
 */

type MessageKind = "model" | "graph" | "function" | "node" | "attribute" | "sparse" | "tensor";

/** Which length-delimited fields of each message hold which nested message. */
const CHILDREN: Record<MessageKind, Record<number, MessageKind>> = {
  model: { 7: "graph", 25: "function" },
  graph: { 1: "node", 5: "tensor", 15: "sparse" },
  function: { 7: "node" },
  node: { 5: "attribute" },
  attribute: { 5: "tensor", 6: "graph", 10: "tensor", 11: "graph", 22: "sparse", 23: "sparse" },
  sparse: { 1: "tensor", 2: "tensor" },
  tensor: {},
};

/** Subgraphs (If/Loop bodies) nest; real models stay far below this. */
const MAX_DEPTH = 64;

export class MalformedOnnxError extends Error {}

export type ExternalDataReference = { tensorName: string; location: string };

type Field = { number: number; wireType: number; start: number; end: number; value: number };

function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (offset + i >= bytes.length) throw new MalformedOnnxError("truncated varint");
    const byte = bytes[offset + i];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  throw new MalformedOnnxError("varint longer than 10 bytes");
}

function* fields(bytes: Uint8Array, start: number, end: number): Generator<Field> {
  let offset = start;
  while (offset < end) {
    const key = readVarint(bytes, offset);
    offset = key.next;
    const number = Math.floor(key.value / 8);
    const wireType = key.value % 8;
    if (wireType === 0) {
      const v = readVarint(bytes, offset);
      yield { number, wireType, start: offset, end: v.next, value: v.value };
      offset = v.next;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (offset + size > end) throw new MalformedOnnxError("truncated fixed-size field");
      yield { number, wireType, start: offset, end: offset + size, value: 0 };
      offset += size;
    } else if (wireType === 2) {
      const length = readVarint(bytes, offset);
      const dataStart = length.next;
      const dataEnd = dataStart + length.value;
      if (dataEnd > end) throw new MalformedOnnxError("length-delimited field runs past its message");
      yield { number, wireType, start: dataStart, end: dataEnd, value: length.value };
      offset = dataEnd;
    } else {
      throw new MalformedOnnxError(`unsupported wire type ${wireType}`);
    }
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

function readTensor(bytes: Uint8Array, start: number, end: number, found: ExternalDataReference[]): void {
  let name = "";
  let external = false;
  const locations: string[] = [];
  for (const field of fields(bytes, start, end)) {
    if (field.number === 8 && field.wireType === 2) name = utf8.decode(bytes.subarray(field.start, field.end));
    if (field.number === 14 && field.wireType === 0) external = field.value === 1;
    if (field.number === 13 && field.wireType === 2) {
      let key = "";
      let value = "";
      for (const entry of fields(bytes, field.start, field.end)) {
        if (entry.wireType !== 2) continue;
        const text = utf8.decode(bytes.subarray(entry.start, entry.end));
        if (entry.number === 1) key = text;
        if (entry.number === 2) value = text;
      }
      if (key === "location") locations.push(value);
    }
  }
  // A location is reported even when data_location is not EXTERNAL: a runtime that trusts either
  // field must not be handed a path we did not check.
  for (const location of locations) found.push({ tensorName: name, location });
  if (external && locations.length === 0) found.push({ tensorName: name, location: "" });
}

function walk(bytes: Uint8Array, kind: MessageKind, start: number, end: number, depth: number, found: ExternalDataReference[]): void {
  if (depth > MAX_DEPTH) throw new MalformedOnnxError(`messages nested deeper than ${MAX_DEPTH}`);
  if (kind === "tensor") return readTensor(bytes, start, end, found);
  const children = CHILDREN[kind];
  for (const field of fields(bytes, start, end)) {
    const child = children[field.number];
    if (child && field.wireType === 2) walk(bytes, child, field.start, field.end, depth + 1, found);
  }
}

/**
 * Lists the external-data references of every tensor in an ONNX model (initializers, constants,
 * sparse tensors, subgraphs, functions).
 *
 * @example
 * externalDataReferences(fs.readFileSync("model.onnx")) // → [{ tensorName: "embeddings", location: "model.onnx_data" }]
 * @throws MalformedOnnxError when the bytes are not a well-formed protobuf
 */
export function externalDataReferences(bytes: Uint8Array): ExternalDataReference[] {
  const found: ExternalDataReference[] = [];
  walk(bytes, "model", 0, bytes.length, 0, found);
  return found;
}
