/**
 * Fills a database with `n` published questions (zh + en content, spread over kinds, difficulties and tags)
 * in two set-based INSERTs — the 10,000-question bank that the scale test and the web bench measure against.
 * Slugs are `scale-q-00001` …; titles "Question i" / "第 i 题".
 */
import type pg from "pg";

export const SCALE_TAGS = ["pipeline", "embeddings", "bert", "kv-cache", "quantization"] as const;

export async function seedScaleBank(db: pg.Client, n: number): Promise<void> {
  await db.query(`
    INSERT INTO "Question" (id, slug, kind, difficulty, tags, status, "searchText", "createdAt", "updatedAt")
    SELECT 'q' || i, 'scale-q-' || lpad(i::text, 5, '0'),
           (CASE WHEN i % 3 = 0 THEN 'coding' ELSE 'concept' END)::"QuestionKind",
           (ARRAY['easy','medium','hard'])[1 + i % 3]::"Difficulty",
           ARRAY[(ARRAY['${SCALE_TAGS.join("','")}'])[1 + i % ${SCALE_TAGS.length}]],
           'published', 'scale-q-' || i || ' question number ' || i || ' 第' || i || '题 ' || md5(i::text),
           now() - (i || ' seconds')::interval, now()
      FROM generate_series(1, ${n}) AS i`);
  await db.query(`
    INSERT INTO "QuestionContent" (id, "questionId", locale, title, body, "keyPoints")
    SELECT 'c' || i || l, 'q' || i, l::"Locale", CASE WHEN l = 'en' THEN 'Question ' || i ELSE '第 ' || i || ' 题' END, 'body', '{}'
      FROM generate_series(1, ${n}) AS i CROSS JOIN (VALUES ('zh'), ('en')) AS locales(l)`);
}
