/**
 * models/manifest.json: which model folders to load, their kind, and the sha256 of every file that
 * must not change. Model folders that are not listed but follow the Hugging Face export layout are
 * found by scanning (see registry.ts).
 */
import { z } from "zod";

/** A model name is also a folder and a URL segment: keep it boring. */
export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256");

export const manifestSchema = z.object({
  version: z.literal(1),
  models: z.array(
    z.object({
      name: z.string().regex(MODEL_NAME, "model names are letters, digits, '.', '_' or '-'"),
      kind: z.enum(["word2vec", "bert", "bert-cls", "gpt"]),
      path: z.string().min(1),
      files: z.record(z.string().min(1), sha256Hex),
    }).passthrough(),
  ),
}).passthrough();

export type Manifest = z.infer<typeof manifestSchema>;
