/**
 * Server-side rendering of the bank's markdown (question bodies, answers, explanations) to safe HTML.
 * The candidate page and the admin preview both call `renderMarkdown`, so what an admin previews is
 * exactly what a candidate sees.
 *
 * Pipeline: markdown → GFM (tables, strikethrough, task lists) → math → HTML tree → KaTeX → code
 * highlighting → sanitize → HTML string. Sanitizing runs last, over the output of KaTeX and the
 * highlighter too, so a bug in either cannot smuggle markup through; the schema therefore allows the
 * class names, inline styles and MathML/SVG elements those two produce, and nothing script-like.
 *
 * Raw HTML inside markdown is never interpreted: it reaches the sanitizer as a `raw` node and is
 * dropped there, and reported in `removed` like every other stripped thing, so tests can assert that
 * bank content loses nothing.
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkRehype from "remark-rehype";
import rehypeKatex from "rehype-katex";
import rehypeHighlight from "rehype-highlight";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import type { Root as HastRoot, Nodes as HastNodes } from "hast";
import type { VFile } from "vfile";
import { safeStyle } from "./style-allow-list";

export interface RenderedMarkdown {
  html: string;
  /** What the sanitizer stripped, one entry per occurrence: `<tag>`, `tag[attribute]`, `tag.class`, `raw:…`. */
  removed: string[];
}

/** Elements KaTeX emits for its MathML half (screen readers) and for stretchy glyphs (SVG). */
const MATHML_TAGS = [
  "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msup", "msub",
  "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle",
  "mpadded", "mphantom", "menclose", "mglyph", "mlabeledtr", "maligngroup", "malignmark",
];
const SVG_TAGS = ["svg", "path", "line", "g", "rect"];

const MATHML_ATTRIBUTES = [
  "xmlns", "display", "encoding", "mathvariant", "mathVariant", "stretchy", "fence", "separator", "lspace",
  "rspace", "accent", "accentunder", "accentUnder", "linethickness", "lineThickness", "scriptlevel",
  "scriptLevel", "displaystyle", "displayStyle", "width", "height", "depth", "columnalign", "columnAlign",
  "rowspacing", "rowSpacing", "columnspacing", "columnSpacing", "minsize", "maxsize", "movablelimits",
  "notation", "symmetric", "largeop", "voffset", "style",
];
const SVG_ATTRIBUTES = [
  "xmlns", "width", "height", "viewBox", "preserveAspectRatio", "style", "d", "x", "y", "x1", "x2", "y1",
  "y2", "strokeWidth", "stroke-width",
];

/**
 * GitHub-style defaults plus what KaTeX and highlight.js need. `style` is allowed on spans because
 * KaTeX sizes glyph boxes with it; markdown itself cannot produce a style attribute and raw HTML is
 * never passed through, so the only author of a style is KaTeX — and even then only the declarations
 * of lib/bank/style-allow-list.ts survive (filterStyles runs just before the sanitizer).
 */
export const BANK_SANITIZE_SCHEMA = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), ...MATHML_TAGS, ...SVG_TAGS],
  attributes: {
    ...defaultSchema.attributes,
    code: ["className"],
    span: ["className", "style", "ariaHidden"],
    div: [...(defaultSchema.attributes?.div ?? []), "className"],
    pre: ["className"],
    ...Object.fromEntries(MATHML_TAGS.map((tag) => [tag, [...MATHML_ATTRIBUTES, "className"]])),
    ...Object.fromEntries(SVG_TAGS.map((tag) => [tag, SVG_ATTRIBUTES])),
  },
};

/**
 * KaTeX limits: `maxSize` caps every size the author writes (\rule, \raisebox, \kern…) at 10 em, `maxExpand` the
 * number of macro expansions (a macro bomb stops with an error, rendered as the source in red).
 */
export const KATEX_OPTIONS = { strict: false, output: "htmlAndMathml", maxSize: 10, maxExpand: 1000 } as const;

/** Every style attribute reduced to its allowed declarations (lib/bank/style-allow-list.ts); emptied ones removed. */
function filterStyles(node: HastNodes): void {
  if (node.type === "element" && node.properties) {
    const style = node.properties.style;
    if (style !== undefined && style !== null) {
      const kept = safeStyle(String(style));
      if (kept) node.properties.style = kept;
      else delete node.properties.style;
    }
  }
  if ("children" in node) for (const child of node.children) filterStyles(child as HastNodes);
}

/**
 * Lists every element, attribute, class name and raw/comment node of a tree as a flat list of
 * descriptors, so the sanitizer's effect can be measured as "before minus after".
 */
function describeTree(tree: HastNodes): string[] {
  const out: string[] = [];
  const visit = (node: HastNodes): void => {
    if (node.type === "element") {
      out.push(`<${node.tagName}>`);
      for (const [key, value] of Object.entries(node.properties ?? {})) {
        if (value === undefined || value === null || value === false) continue;
        if (key === "className" && Array.isArray(value)) {
          for (const cls of value) out.push(`${node.tagName}.${String(cls)}`);
        } else if (key === "id" || key === "name") {
          // The sanitizer rewrites these with a prefix (anti-clobbering) rather than removing them.
          continue;
        } else {
          out.push(`${node.tagName}[${key}]`);
        }
      }
    } else if (node.type === "raw") {
      out.push(`raw:${node.value.trim().slice(0, 80)}`);
    } else if (node.type === "comment") {
      out.push(`comment:${node.value.trim().slice(0, 80)}`);
    }
    if ("children" in node) for (const child of node.children) visit(child as HastNodes);
  };
  visit(tree);
  return out;
}

/** Multiset difference: each descriptor of `before` not matched by one in `after`. */
function lostDescriptors(before: string[], after: string[]): string[] {
  const remaining = new Map<string, number>();
  for (const d of after) remaining.set(d, (remaining.get(d) ?? 0) + 1);
  const lost: string[] = [];
  for (const d of before) {
    const n = remaining.get(d) ?? 0;
    if (n > 0) remaining.set(d, n - 1);
    else lost.push(d);
  }
  return lost;
}

/**
 * Renders bank markdown to sanitized HTML and reports what sanitizing removed.
 *
 * @example
 *   renderMarkdown("Softmax: $p_i = e^{z_i} / \\sum_j e^{z_j}$\n\n```python\nprint(1)\n```")
 *   // → { html: "<p>Softmax: <span class=\"katex\">…</span></p>\n<pre><code class=\"hljs language-python\">…", removed: [] }
 *   renderMarkdown("<script>alert(1)</script>").removed // → ["raw:<script>alert(1)</script>"]
 */
export function renderMarkdown(md: string): RenderedMarkdown {
  const cached = renderedBySource.get(md);
  if (cached) {
    // Refresh its place in the LRU order.
    renderedBySource.delete(md);
    renderedBySource.set(md, cached);
    return { html: cached.html, removed: [...cached.removed] };
  }
  const file = bankMarkdownProcessor().processSync(md);
  const before = (file.data.descriptorsBeforeSanitize as string[] | undefined) ?? [];
  const after = (file.data.descriptorsAfterSanitize as string[] | undefined) ?? [];
  const rendered = { html: String(file), removed: lostDescriptors(before, after) };
  remember(md, rendered);
  return { html: rendered.html, removed: [...rendered.removed] };
}

/*
 * Rendering is a pure function of the markdown text (fixed plugins, fixed schema), and every candidate request for
 * a question page used to re-run the whole pipeline (~2 ms for a typical body, far more with KaTeX). The memo is
 * keyed by the text itself, not by question id/version, so it can never serve a stale body: an admin edit is a new
 * text and therefore a new key, and the old entry simply ages out. Bounded by entries and by characters held
 * (source + HTML), least recently used first out. Per process; see docs/adr/1104-page-render-cost.md.
 */
const MEMO_MAX_ENTRIES = 2_000;
const MEMO_MAX_CHARS = 16 * 1024 * 1024;
const renderedBySource = new Map<string, RenderedMarkdown>();
let memoChars = 0;

function remember(md: string, rendered: RenderedMarkdown): void {
  const size = md.length + rendered.html.length;
  if (size > MEMO_MAX_CHARS / 16) return; // one huge text must not evict everything else
  renderedBySource.set(md, rendered);
  memoChars += size;
  for (const [key, value] of renderedBySource) {
    if (renderedBySource.size <= MEMO_MAX_ENTRIES && memoChars <= MEMO_MAX_CHARS) break;
    renderedBySource.delete(key);
    memoChars -= key.length + value.html.length;
  }
}

// Building the pipeline registers every highlight.js grammar, which costs far more than rendering one
// text, so it is built once. Per-call state travels in the vfile's `data`, never in the closure.
let processor: ReturnType<typeof buildProcessor> | undefined;

function bankMarkdownProcessor() {
  if (!processor) processor = buildProcessor();
  return processor;
}

function buildProcessor() {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeKatex, KATEX_OPTIONS)
    .use(rehypeHighlight, { detect: false })
    .use(() => (tree: HastRoot, file: VFile) => {
      file.data.descriptorsBeforeSanitize = describeTree(tree);
    })
    .use(() => (tree: HastRoot) => filterStyles(tree))
    .use(rehypeSanitize, BANK_SANITIZE_SCHEMA)
    .use(() => (tree: HastRoot, file: VFile) => {
      file.data.descriptorsAfterSanitize = describeTree(tree);
    })
    .use(rehypeStringify)
    .freeze();
}
