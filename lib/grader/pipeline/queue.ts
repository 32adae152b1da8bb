/**
 * The grading queue: pg-boss 10 in the schema `pgboss` of the application's own database, so a job is durable
 * the moment the request that created the submission commits (docs/adr/0701-grading-queue.md).
 *
 * A job carries only `{ submissionId }`; the Submission row is the source of truth. Retries and the time a job
 * may stay active (`expireIn`) are queue settings, written by the worker at start (`configureGradeQueue`), so a
 * job inherits them when it is inserted. A job that fails its last retry goes to the dead-letter queue, whose
 * handler writes the final IE verdict.
 *
 * @example
 *   const boss = await getQueue(databaseUrl);
 *   await enqueueSubmission(submissionId);                     // own transaction
 *   await enqueueSubmission(submissionId, { db: txExecutor }); // inside the caller's transaction
 */
import PgBoss from "pg-boss";
import { childLogger } from "@/lib/observability/log";
import { GRADE_CHANNEL, NOTIFY_SQL } from "./wake-channel";
import { databaseUrl } from "@/lib/db/database-config";

export const GRADE_QUEUE = "grade-submission";
export const DEAD_LETTER_QUEUE = "grade-submission-failed";
export const QUEUE_SCHEMA = "pgboss";

export interface GradeJobData {
  submissionId: string;
}

/**
 * The second job kind on the grading queue: run a question's reference solutions (the admin's Validate, Generate
 * expected outputs, the publish check). The request row in grader.reference_validation is the source of truth, as
 * the Submission row is for a grading job; workers take both kinds from the same queue and slots.
 */
export interface ValidationJobData {
  kind: "reference-validation";
  validationId: string;
}

export type GradeQueueJobData = GradeJobData | ValidationJobData;

export function isValidationJob(data: GradeQueueJobData): data is ValidationJobData {
  return (data as ValidationJobData).kind === "reference-validation";
}

export interface GradeQueueSettings {
  /** Retries after the first attempt (a crashed or stuck attempt counts). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** How long one attempt may stay active before pg-boss's maintenance fails it (→ retry). */
  expireInSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: GradeQueueSettings = { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 300 };

/** Something that runs SQL, e.g. a transaction: lets the job row commit together with the Submission row. */
export type SqlExecutor = PgBoss.Db;

type Holder = { [key: symbol]: { url: string; boss: Promise<PgBoss> } | undefined };
const SENDER = Symbol.for("clockwise.grader.queue");

/**
 * A started pg-boss client for sending (no maintenance, no cron) shared by the process. Creates the schema and
 * both queues when missing.
 */
export function getQueue(databaseUrl = requireDatabaseUrl()): Promise<PgBoss> {
  const holder = globalThis as unknown as Holder;
  const cached = holder[SENDER];
  if (cached && cached.url === databaseUrl) return cached.boss;
  const boss = (async () => {
    const client = new PgBoss({ connectionString: databaseUrl, schema: QUEUE_SCHEMA, supervise: false, schedule: false, max: 2 });
    client.on("error", (error) => childLogger({ component: "queue" }).error({ event: "queue.error", err: error }, "grading queue error"));
    await client.start();
    await ensureQueues(client);
    return client;
  })();
  boss.catch(() => {
    if (holder[SENDER]?.boss === boss) holder[SENDER] = undefined;
  });
  holder[SENDER] = { url: databaseUrl, boss };
  return boss;
}

/** Closes the shared sender (tests, CLI). */
export async function closeQueue(): Promise<void> {
  const holder = globalThis as unknown as Holder;
  const cached = holder[SENDER];
  holder[SENDER] = undefined;
  if (cached) await (await cached.boss.catch(() => undefined))?.stop({ graceful: false, wait: true });
}

/** Creates the grading queue and its dead-letter queue when missing (first settings win; see configureGradeQueue). */
export async function ensureQueues(boss: PgBoss, settings: GradeQueueSettings = DEFAULT_QUEUE_SETTINGS): Promise<void> {
  if (!(await boss.getQueue(DEAD_LETTER_QUEUE))) {
    await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 5, retryDelay: 5, expireInSeconds: 120 });
  }
  if (!(await boss.getQueue(GRADE_QUEUE))) {
    await boss.createQueue(GRADE_QUEUE, { name: GRADE_QUEUE, ...toQueueOptions(settings), deadLetter: DEAD_LETTER_QUEUE });
  }
}

/** The worker's settings become the queue's: every job inserted afterwards inherits them. */
export async function configureGradeQueue(boss: PgBoss, settings: GradeQueueSettings): Promise<void> {
  await ensureQueues(boss, settings);
  await boss.updateQueue(GRADE_QUEUE, { name: GRADE_QUEUE, ...toQueueOptions(settings), deadLetter: DEAD_LETTER_QUEUE });
}

function toQueueOptions(settings: GradeQueueSettings) {
  return {
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: false,
    expireInSeconds: settings.expireInSeconds,
  };
}

/** Wake-up hooks of grader workers running in this process (npm start): a new job is taken without polling delay. */
const localWakers = new Set<() => void>();

export function onLocalEnqueue(wake: () => void): () => void {
  localWakers.add(wake);
  return () => localWakers.delete(wake);
}

/**
 * Puts a submission on the grading queue. With `db`, the job row is written through that executor (the
 * caller's transaction), so the Submission row and its job commit or roll back together.
 *
 * @example
 *   await enqueueSubmission("cm1x…");
 */
export async function enqueueSubmission(
  submissionId: string,
  options: { db?: SqlExecutor; databaseUrl?: string; priority?: number } = {},
): Promise<string> {
  const boss = await getQueue(options.databaseUrl);
  // The payload is sent as JSON text so any executor (pg or a Prisma transaction) binds it the same way.
  const data = JSON.stringify({ submissionId } satisfies GradeJobData) as unknown as object;
  // Workers fetch by priority (higher first), then age: the caller's fairness rule (create-submission.ts, ADR 0909).
  // Workers on every machine LISTEN for the wake-up (wake-channel.ts); sent with the job row (through the caller's
  // transaction when there is one), PostgreSQL delivers it only when the row commits.
  const inner = options.db ?? boss.getDb();
  let notified = false;
  const db: SqlExecutor = {
    executeSql: (text: string, values: unknown[]) => {
      const folded = notified ? null : withWakeUp(text);
      if (folded) notified = true;
      return inner.executeSql(folded ?? text, values);
    },
  };
  const id = await boss.send(GRADE_QUEUE, data, { db, ...(options.priority ? { priority: options.priority } : {}) });
  if (!id) throw new Error(`the grading queue refused the job for submission ${submissionId}`);
  if (!notified) await inner.executeSql(NOTIFY_SQL, []); // pg-boss's insert did not have the expected shape
  if (!options.db) wakeLocalWorkers();
  return id;
}

/**
 * pg-boss's single-job insert (`INSERT INTO pgboss.job … RETURNING id`) with the wake-up NOTIFY in the same
 * statement (ADR 0704: one round trip instead of two), or null for any other statement — then the NOTIFY is sent on
 * its own, as before.
 */
export function withWakeUp(sql: string): string | null {
  const text = sql.trim();
  if (!text.startsWith(`INSERT INTO ${QUEUE_SCHEMA}.job`) || !/RETURNING id$/.test(text)) return null;
  return `WITH inserted AS (${text}), woken AS (SELECT pg_notify('${GRADE_CHANNEL}', '') FROM inserted)
SELECT id, (SELECT count(*) FROM woken)::int AS woken FROM inserted`;
}

/**
 * Puts a reference-validation request on the grading queue (its row must exist). Sent above ordinary submissions
 * (priority 10; ADR 0909 gives submissions 0 or less) because an admin is waiting for the answer.
 *
 * @example
 *   await enqueueValidation("rv_…");
 */
export async function enqueueValidation(validationId: string, options: { databaseUrl?: string } = {}): Promise<string> {
  const boss = await getQueue(options.databaseUrl);
  const data = JSON.stringify({ kind: "reference-validation", validationId } satisfies ValidationJobData) as unknown as object;
  const id = await boss.send(GRADE_QUEUE, data, { priority: VALIDATION_PRIORITY });
  if (!id) throw new Error(`the grading queue refused the job for reference validation ${validationId}`);
  await boss.getDb().executeSql(NOTIFY_SQL, []);
  wakeLocalWorkers();
  return id;
}

export const VALIDATION_PRIORITY = 10;

/** Call after the transaction that enqueued through `db` has committed. */
export function wakeLocalWorkers(): void {
  for (const wake of localWakers) wake();
}

function requireDatabaseUrl(): string {
  const url = databaseUrl();
  if (!url) throw new Error("DATABASE_URL is not set: the grading queue lives in the application's database");
  return url;
}
