/**
 * Shared fixtures of the admin integration tests: real users in the real test database, and small questions in
 * the bank format whose reference solutions run in the real sandbox (a coding question that adds two numbers
 * needs no model, so validating it costs one box start per language).
 */
import { randomBytes } from "node:crypto";
import { getPrisma } from "@/lib/db/client";
import type { Question } from "@/lib/bank/schema";
import type { AdminActor } from "@/lib/use-cases/admin/admin-actor";

export const runId = () => randomBytes(3).toString("hex");

export async function createUser<R extends "admin" | "candidate">(role: R): Promise<{ id: string; role: R }> {
  const id = `u-${role}-${randomBytes(6).toString("hex")}`;
  await getPrisma().user.create({ data: { id, name: `${role} ${id}`, email: `${id}@example.test`, role } });
  return { id, role };
}

export const asAdmin = (user: { id: string }): AdminActor => ({ id: user.id, role: "admin" });

export function conceptQuestion(slug: string, overrides: Partial<Question> = {}): Question {
  return {
    slug,
    kind: "concept",
    difficulty: "easy",
    tags: ["pipeline"],
    status: "published",
    content: {
      zh: { title: "推理的四个阶段", body: "LLM 推理有哪些阶段？", answer: "输入处理、前向传播、后处理、反馈调整。", keyPoints: ["输入处理", "前向传播"], explanation: "", probes: [] },
      en: { title: "The four stages", body: "Which stages does inference have?", answer: "Input, forward, post, feedback.", keyPoints: ["input processing"], explanation: "See the seed.", probes: [] },
    },
    ...overrides,
  };
}

export const PY_ADD = "def add_numbers(a, b, engine):\n    return a + b\n";
export const JS_ADD = "function addNumbers(a, b, engine) {\n  return a + b;\n}\n";

export function codingQuestion(slug: string, tests: NonNullable<Question["coding"]>["tests"], overrides: Partial<Question> = {}): Question {
  return {
    slug,
    kind: "coding",
    difficulty: "easy",
    tags: ["numerics"],
    status: "draft",
    content: { en: { title: "Add two numbers", body: "Return `a + b`.", answer: "", keyPoints: [], explanation: "", probes: [] } },
    coding: {
      params: ["a", "b"],
      languages: {
        python: { entry: "add_numbers", starter: "def add_numbers(a, b, engine):\n    pass\n", reference: PY_ADD },
        javascript: { entry: "addNumbers", starter: "function addNumbers(a, b, engine) {}\n", reference: JS_ADD },
      },
      checker: { type: "exact" },
      limits: {},
      tests,
    },
    ...overrides,
  };
}

/** A fingerprint of everything an admin action could change for `slugs` and `actorId`. */
export async function snapshotOf(slugs: string[], actorId: string): Promise<string> {
  const prisma = getPrisma();
  const questions = await prisma.question.findMany({
    where: { slug: { in: slugs } },
    orderBy: { slug: "asc" },
    include: { contents: { orderBy: { locale: "asc" } }, codingSpec: true, testCases: { orderBy: { ordinal: "asc" } }, versions: { orderBy: { version: "asc" } } },
  });
  const audits = await prisma.auditLog.count({ where: { actorId } });
  return JSON.stringify({ questions, audits });
}
