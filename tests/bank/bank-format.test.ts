/**
 * The bank's source files (prisma/bank) as data: every file parses against QuestionSchema, both locales are
 * complete, concept questions carry checkable key points, coding questions carry enough tests, both
 * languages, and reference solutions that at least compile. Fast: no engine, no sandbox.
 */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { transformSync } from "esbuild";
import { loadBankFiles, parseQuestionFile } from "@/lib/bank/load";
import { TAG_NAMES } from "@/lib/bank/tags";
import type { Question } from "@/lib/bank/schema";
import YAML from "yaml";

const REPO = path.resolve(__dirname, "../..");
const BANK = path.join(REPO, "prisma/bank");
const WRONG = path.join(__dirname, "wrong");
const { questions, errors } = loadBankFiles(BANK);
const concept = questions.filter((q) => q.kind === "concept");
const coding = questions.filter((q): q is Question & { coding: NonNullable<Question["coding"]> } => q.kind === "coding");

/** Wrong solutions live in tests/bank/wrong/<slug>/<the-mistake>.py|.js, one mistake per file. */
function wrongFilesOf(slug: string): string[] {
  const dir = path.join(WRONG, slug);
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).filter((f) => /\.(py|js)$/.test(f)) : [];
}

/**
 * Does the key point (or one of its clauses) open with a negation? "不" opens many positive words (不同, 不仅, 不断),
 * so those are let through.
 */
const NEGATION_OPENERS = {
  en: /^(?:not|no|never|none|nothing|neither|nor|cannot|can't|don't|doesn't|isn't|aren't|won't|without|avoid)\b/i,
  zh: /^(?:不(?!同|仅|断|少|论)|没有|没|无需|无须|无法|并非|并不|未必|别|勿|切勿)/,
};
function opensWithNegation(point: string, locale: "zh" | "en"): boolean {
  return point.split(/[,;:，；：。]/).some((clause) => NEGATION_OPENERS[locale].test(clause.trim()));
}

/** Character trigrams of a title with case, spaces and punctuation removed (works for zh and en). */
function trigrams(title: string): Set<string> {
  const s = title.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, "");
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) grams.add(s.slice(i, i + 3));
  return grams;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

describe("the bank loads", () => {
  test("every file parses with no located errors", () => {
    expect(errors).toEqual([]);
  });

  test("it holds the seed questions and the promised amount of original material", () => {
    const slugs = questions.map((q) => q.slug);
    for (const seed of ["llm-inference-key-steps", "optimize-llm-inference", "cpu-clock-analogy", "semantic-vector", "bert-text-classification"]) {
      expect(slugs).toContain(seed);
    }
    expect(concept.length).toBeGreaterThanOrEqual(80);
    expect(coding.length).toBeGreaterThanOrEqual(15);
  });

  test("every topic of the filter has at least one concept question, so none of them shows an empty list", () => {
    const used = new Set(concept.flatMap((q) => q.tags));
    expect(TAG_NAMES.filter((tag) => !used.has(tag))).toEqual([]);
  });

  test("slugs are unique", () => {
    expect(new Set(questions.map((q) => q.slug)).size).toBe(questions.length);
  });
});

describe("the loader reports problems with their location", () => {
  test("a schema error names the file and the path inside the question", () => {
    const result = parseQuestionFile("concept/x-y.yaml", "slug: x-y\nkind: concept\ndifficulty: trivial\ntags: [pipeline]\ncontent: { en: { title: T, body: B } }\n");
    expect(result.question).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ file: "concept/x-y.yaml", path: "difficulty" })]);
  });

  test("a YAML syntax error is reported, not thrown", () => {
    const result = parseQuestionFile("concept/bad.yaml", "slug: [unclosed\n");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toMatch(/^YAML: /);
  });

  test("the slug must match the file name and the kind the directory", () => {
    const text = "slug: other-name\nkind: concept\ndifficulty: easy\ntags: [pipeline]\ncontent: { en: { title: T, body: B } }\n";
    const result = parseQuestionFile("coding/some-name.yaml", text);
    expect(result.errors.map((e) => e.path).sort()).toEqual(["kind", "slug"]);
  });

  test("an unknown tag is rejected at its index", () => {
    const text = "slug: a-b\nkind: concept\ndifficulty: easy\ntags: [pipeline, astrology]\ncontent: { en: { title: T, body: B } }\n";
    expect(parseQuestionFile("concept/a-b.yaml", text).errors[0].path).toBe("tags.1");
  });
});

describe.each(questions.map((q) => [q.slug, q] as const))("%s", (_slug, q) => {
  test("has complete zh and en content", () => {
    for (const locale of ["zh", "en"] as const) {
      const c = q.content[locale];
      expect(c).toBeDefined();
      expect(c!.title.length).toBeGreaterThan(3);
      expect(c!.body.trim().length).toBeGreaterThan(20);
      expect(c!.answer.trim().length).toBeGreaterThan(20);
      expect(c!.explanation.trim().length).toBeGreaterThan(20);
    }
    // The Chinese text is actually Chinese, the English text is not.
    expect(q.content.zh!.body).toMatch(/[\u4e00-\u9fff]/);
    expect(q.content.en!.title).not.toMatch(/[\u4e00-\u9fff]/);
  });

  test("uses only known tags", () => {
    for (const tag of q.tags) expect(TAG_NAMES).toContain(tag);
  });

  if (q.kind === "concept") {
    test("has 3–6 key points in each locale, the same number in both", () => {
      const zh = q.content.zh!.keyPoints;
      const en = q.content.en!.keyPoints;
      expect(zh.length).toBeGreaterThanOrEqual(3);
      expect(zh.length).toBeLessThanOrEqual(6);
      expect(en.length).toBe(zh.length);
      for (const point of zh) expect(point).toMatch(/[\u4e00-\u9fff]/);
      for (const point of [...zh, ...en]) expect(point.length).toBeLessThanOrEqual(160);
    });

    test("has 2–3 interviewer follow-up probes in each locale", () => {
      for (const locale of ["zh", "en"] as const) {
        const probes = q.content[locale]!.probes;
        expect(probes.length).toBeGreaterThanOrEqual(2);
        expect(probes.length).toBeLessThanOrEqual(3);
        expect(new Set(probes).size).toBe(probes.length);
      }
      for (const probe of q.content.zh!.probes) expect(probe).toMatch(/[\u4e00-\u9fff]/);
      for (const probe of q.content.en!.probes) expect(probe).toMatch(/[A-Za-z]{3}/);
    });

    test("key points are positive claims (no negation opening the point or one of its clauses)", () => {
      const negated = (["zh", "en"] as const).flatMap((locale) => q.content[locale]!.keyPoints.filter((point) => opensWithNegation(point, locale)));
      expect(negated).toEqual([]);
    });
  }
});

describe("the negation heuristic for key points", () => {
  // The concept scorer is lexical: an answer asserting the opposite of a negated key point shares its words and
  // gets credit. So key points state what is true; this heuristic flags the usual ways of writing them negatively.
  test.each([
    ["en", "Not used for classification"],
    ["en", "No KV cache is needed for BERT"],
    ["en", "Decode is bandwidth-bound; never batch prefill with decode"],
    ["en", "Cannot overlap decode steps"],
    ["zh", "不需要 KV cache"],
    ["zh", "推理时权重冻结，没有反向传播"],
    ["zh", "无需校准数据"],
  ] as const)("flags the negated %s point %s", (locale, point) => {
    expect(opensWithNegation(point, locale as "zh" | "en")).toBe(true);
  });

  test.each([
    ["en", "Notably, the KV cache stores keys and values of earlier positions"],
    ["en", "Notation aside, the online softmax rescales partial sums"],
    ["zh", "不同请求的分词和前向可以重叠"],
    ["zh", "非对称量化用最小值和最大值确定 scale"],
  ] as const)("accepts the positive %s point %s", (locale, point) => {
    expect(opensWithNegation(point, locale as "zh" | "en")).toBe(false);
  });

  test("it checks every concept key point of the bank", () => {
    const checked = concept.flatMap((q) => [...q.content.zh!.keyPoints, ...q.content.en!.keyPoints]);
    expect(checked.length).toBeGreaterThanOrEqual(2 * 3 * 70);
  });
});

describe("concept files carry no YAML comments", () => {
  // A plain scalar such as `- greedy longest match with ## on continuation pieces` is silently cut at " #": YAML
  // reads the rest as a comment. Concept files need no comments, so any comment at all is a cut sentence.
  const commentsOf = (text: string): string[] => {
    const doc = YAML.parseDocument(text);
    const found: string[] = [];
    if (doc.comment) found.push(doc.comment);
    if (doc.commentBefore) found.push(doc.commentBefore);
    YAML.visit(doc, (_key, node) => {
      const n = node as { comment?: string | null; commentBefore?: string | null };
      if (n && typeof n === "object") {
        if (n.comment) found.push(n.comment);
        if (n.commentBefore) found.push(n.commentBefore);
      }
    });
    return found;
  };

  test("a key point cut by ' #' is detected", () => {
    expect(commentsOf("keyPoints:\n  - greedy longest match with ## on continuation pieces\n")).toEqual(["# on continuation pieces"]);
  });

  test.each(fs.readdirSync(path.join(BANK, "concept")).filter((f) => f.endsWith(".yaml")))("%s", (file) => {
    expect(commentsOf(fs.readFileSync(path.join(BANK, "concept", file), "utf8"))).toEqual([]);
  });
});

describe("titles are not near-duplicates", () => {
  test.each(["zh", "en"] as const)("%s titles differ (trigram Jaccard < 0.5)", (locale) => {
    const titles = questions.map((q) => ({ slug: q.slug, grams: trigrams(q.content[locale]!.title) }));
    const close: string[] = [];
    for (let i = 0; i < titles.length; i++) {
      for (let j = i + 1; j < titles.length; j++) {
        const similarity = jaccard(titles[i].grams, titles[j].grams);
        if (similarity >= 0.5) close.push(`${titles[i].slug} ~ ${titles[j].slug} (${similarity.toFixed(2)})`);
      }
    }
    expect(close).toEqual([]);
  });

  test("the similarity measure does flag a reworded duplicate", () => {
    expect(jaccard(trigrams("What is the KV cache?"), trigrams("What is a KV cache"))).toBeGreaterThanOrEqual(0.5);
  });
});

describe.each(coding.map((q) => [q.slug, q] as const))("coding question %s", (slug, q) => {
  const spec = q.coding;

  test("has at least 8 tests with samples and hidden cases", () => {
    expect(spec.tests.length).toBeGreaterThanOrEqual(8);
    expect(spec.tests.some((t) => t.sample)).toBe(true);
    expect(spec.tests.some((t) => !t.sample)).toBe(true);
    for (const t of spec.tests) expect(t.name).toBeTruthy();
  });

  test("has python and javascript entries, starters and references whose signatures take the params then engine", () => {
    for (const language of ["python", "javascript"] as const) {
      const lang = spec.languages[language];
      expect(lang.reference).toBeTruthy();
      const definition =
        language === "python"
          ? new RegExp(`^def ${lang.entry}\\(([^)]*)\\):`, "m")
          : new RegExp(`^(?:export )?(?:async )?function ${lang.entry}\\(([^)]*)\\)`, "m");
      for (const source of [lang.starter, lang.reference!]) {
        const match = source.match(definition);
        expect(match).not.toBeNull();
        const parameters = match![1].split(",").map((p) => p.trim()).filter(Boolean);
        expect(parameters).toHaveLength(spec.params.length + 1);
        expect(parameters[parameters.length - 1]).toBe("engine");
      }
    }
  });

  test("a question whose reference never calls the engine states every expected value", () => {
    const usesEngine = /engine\.(tokenize|forward|info|labels)/.test(spec.languages.python.reference!);
    if (!usesEngine) expect(spec.tests.filter((t) => t.expected === undefined).map((t) => t.name)).toEqual([]);
  });

  // Each a mistake real candidates make; tests/bank/references-*.test.ts requires every one to get WA.
  test("has at least three deliberately wrong solutions in tests/bank/wrong/<slug>/", () => {
    expect(wrongFilesOf(slug).length).toBeGreaterThanOrEqual(3);
  });
});

describe("the seed coding tasks keep their fixed contracts (DESIGN.md)", () => {
  const bySlug = new Map(coding.map((q) => [q.slug, q.coding]));

  test("semantic-vector", () => {
    const spec = bySlug.get("semantic-vector")!;
    expect(spec.params).toEqual(["text"]);
    expect(spec.languages.python.entry).toBe("llm_inference");
    expect(spec.languages.javascript.entry).toBe("llmInference");
    expect(spec.checker).toEqual({ type: "cosine", minSimilarity: 0.999, normTolerance: 0.001 });
  });

  test("bert-text-classification", () => {
    const spec = bySlug.get("bert-text-classification")!;
    expect(spec.params).toEqual(["text", "label"]);
    expect(spec.languages.python.entry).toBe("text_classification");
    expect(spec.languages.javascript.entry).toBe("textClassification");
    expect(spec.checker).toEqual({
      type: "object",
      fields: {
        label: { type: "label" },
        probs: { type: "allclose", atol: 1e-4, rtol: 0 },
        loss: { type: "allclose", atol: 1e-4, rtol: 0 },
      },
    });
  });
});

describe("solution sources compile", () => {
  // Every entry of tests/bank/wrong, as <slug>/<file> (a stray top-level file shows up as itself).
  const wrongFiles = fs
    .readdirSync(WRONG)
    .flatMap((entry) => (fs.statSync(path.join(WRONG, entry)).isDirectory() ? fs.readdirSync(path.join(WRONG, entry)).map((f) => `${entry}/${f}`) : [entry]));
  const pythonSources: Record<string, string> = {};
  const javascriptSources: Record<string, string> = {};
  for (const q of coding) {
    pythonSources[`${q.slug} starter`] = q.coding.languages.python.starter;
    pythonSources[`${q.slug} reference`] = q.coding.languages.python.reference!;
    javascriptSources[`${q.slug} starter`] = q.coding.languages.javascript.starter;
    javascriptSources[`${q.slug} reference`] = q.coding.languages.javascript.reference!;
  }
  for (const file of wrongFiles) {
    const source = fs.readFileSync(path.join(WRONG, file), "utf8");
    if (file.endsWith(".py")) pythonSources[`wrong/${file}`] = source;
    else if (file.endsWith(".js")) javascriptSources[`wrong/${file}`] = source;
  }

  test("every wrong solution is a .py or .js file in the folder of a coding question", () => {
    const slugs = new Set(coding.map((q) => q.slug));
    expect(wrongFiles.filter((f) => !/^[a-z0-9-]+\/[a-z0-9-]+\.(py|js)$/.test(f) || !slugs.has(f.split("/")[0]))).toEqual([]);
  });

  test("every wrong solution names its mistake in a first-line comment", () => {
    const unexplained = wrongFiles.filter((f) => {
      const first = fs.readFileSync(path.join(WRONG, f), "utf8").split("\n")[0];
      return !(f.endsWith(".py") ? /^# \S/ : /^\/\/ \S/).test(first);
    });
    expect(unexplained).toEqual([]);
  });

  test("Python sources parse with Debian's python3 (ast.parse)", () => {
    const script = [
      "import ast, json, sys",
      "sources = json.load(sys.stdin)",
      "bad = {}",
      "for name, code in sources.items():",
      "    try:",
      "        ast.parse(code)",
      "    except SyntaxError as e:",
      "        bad[name] = f'line {e.lineno}: {e.msg}'",
      "print(json.dumps({'checked': len(sources), 'bad': bad}))",
    ].join("\n");
    const run = spawnSync("/usr/bin/python3", ["-c", script], { input: JSON.stringify(pythonSources), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ checked: Object.keys(pythonSources).length, bad: {} });
  });

  test("a Python syntax error would be caught", () => {
    const run = spawnSync("/usr/bin/python3", ["-c", "import ast,sys; ast.parse(sys.stdin.read())"], { input: "def f(:\n  pass\n", encoding: "utf8" });
    expect(run.status).not.toBe(0);
  });

  test("JavaScript sources parse (esbuild)", () => {
    const bad: Record<string, string> = {};
    for (const [name, code] of Object.entries(javascriptSources)) {
      try {
        transformSync(code, { loader: "js" });
      } catch (error) {
        bad[name] = (error as Error).message.split("\n")[0];
      }
    }
    expect(bad).toEqual({});
    expect(() => transformSync("function (", { loader: "js" })).toThrow();
  });
});

test("every test's arguments and expected value can be stored in PostgreSQL (jsonb refuses NUL characters)", () => {
  const offending = questions.flatMap((q) =>
    (q.coding?.tests ?? []).flatMap((t, i) => (JSON.stringify([t.args, t.expected ?? null]).includes("\\u0000") ? [`${q.slug} test ${i} (${t.name})`] : [])),
  );
  expect(offending).toEqual([]);
});
