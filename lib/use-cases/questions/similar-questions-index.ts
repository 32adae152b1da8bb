import "server-only";
/**
 * The similar-questions index: Word2Vec sentence vectors of every published question's search text (titles,
 * bodies and key points of both languages, plus slug and tags), held on globalThis so a dev-server reload keeps
 * them. Vectors are cached per (question id, version), so an edit re-embeds only that question; the bank listing
 * itself is refreshed at most every REFRESH_MS.
 *
 * Averaged word vectors of any two texts share a large common component, so every vector is centred on
 * the bank's mean before the cosine (common-component removal); without it all similarities sit near 0.9.
 *
 * @example
 *   const ranked = rankNeighbours(await bankIndex(), "semantic-vector"); // → [{ id, similarity: 0.62 }, …]
 */
import { prisma } from "@/lib/db/client";
import { getEngine } from "@/lib/engine";

const REFRESH_MS = 60_000;
const EMBED_BATCH = 64;
/** Characters of search text embedded per question (titles and key points come first in it). */
const TEXT_CHARS = 4000;

interface Entry { id: string; slug: string; version: number; vector: Float32Array }
export interface Neighbour { id: string; similarity: number }
/**
 * `neighbours` memoizes each question's ranking for the life of this index (REFRESH_MS at most): the ranking is a
 * pure function of the index's vectors, which are keyed by (id, version), so it goes stale exactly when the index does.
 */
export interface BankIndex { loadedAt: number; entries: Entry[]; mean: Float32Array; neighbours: Map<string, Neighbour[]> }

const HOLDER = Symbol.for("clockwise.similar-questions");
type Holder = { [HOLDER]?: { index: BankIndex | null; vectors: Map<string, Float32Array>; building: Promise<BankIndex> | null } };

function state() {
  const g = globalThis as Holder;
  g[HOLDER] ??= { index: null, vectors: new Map(), building: null };
  return g[HOLDER];
}

async function buildIndex(): Promise<BankIndex> {
  const s = state();
  const rows = await prisma.question.findMany({
    where: { status: "published", deletedAt: null },
    select: { id: true, slug: true, version: true, searchText: true },
  });
  const missing = rows.filter((r) => !s.vectors.has(`${r.id}@${r.version}`));
  if (missing.length > 0) {
    const engine = await getEngine();
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const { vectors } = await engine.embed("word2vec", batch.map((r) => r.searchText.slice(0, TEXT_CHARS) || r.slug));
      batch.forEach((r, k) => s.vectors.set(`${r.id}@${r.version}`, Float32Array.from(vectors[k])));
    }
  }
  const entries = rows.map((r) => ({ id: r.id, slug: r.slug, version: r.version, vector: s.vectors.get(`${r.id}@${r.version}`)! }));
  const dim = entries[0]?.vector.length ?? 0;
  const mean = new Float32Array(dim);
  for (const e of entries) for (let k = 0; k < dim; k++) mean[k] += e.vector[k] / entries.length;
  return { loadedAt: Date.now(), entries, mean, neighbours: new Map() };
}

export async function bankIndex(): Promise<BankIndex> {
  const s = state();
  if (s.index && Date.now() - s.index.loadedAt < REFRESH_MS) return s.index;
  s.building ??= buildIndex().finally(() => {
    s.building = null;
  });
  s.index = await s.building;
  return s.index;
}

export const MAX_NEIGHBOURS = 20;

/** The MAX_NEIGHBOURS questions nearest to `slug` in `index`, best first ([] when it is not in the index). */
export function rankNeighbours(index: BankIndex, slug: string): Neighbour[] {
  const known = index.neighbours.get(slug);
  if (known) return known;
  const self = index.entries.find((e) => e.slug === slug);
  if (!self) return [];
  const ranked = index.entries
    .filter((e) => e.id !== self.id)
    .map((e) => ({ id: e.id, similarity: centredCosine(self.vector, e.vector, index.mean) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, MAX_NEIGHBOURS);
  index.neighbours.set(slug, ranked);
  return ranked;
}

function centredCosine(a: Float32Array, b: Float32Array, mean: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] - mean[k];
    const y = b[k] - mean[k];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
