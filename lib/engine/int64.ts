/**
 * Fast writes of small non-negative integers into int64 tensors. `BigInt(v)` per element costs more
 * than a whole Gather run; on little-endian machines an id < 2^31 is its low 32-bit word with a
 * zero high word, so we write through an Int32Array view instead.
 */
import os from "node:os";

const LITTLE_ENDIAN = os.endianness() === "LE";

/** A zeroed int64 buffer and a setter for values in [0, 2^31). */
export function int64Writer(length: number): { data: BigInt64Array; set(index: number, value: number): void } {
  const data = new BigInt64Array(length);
  if (LITTLE_ENDIAN) {
    const words = new Int32Array(data.buffer, data.byteOffset, length * 2);
    return { data, set: (index, value) => void (words[index * 2] = value) };
  }
  return { data, set: (index, value) => void (data[index] = BigInt(value)) };
}
