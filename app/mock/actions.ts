"use server";
/**
 * Mock interview actions (ADR 0605): start (a server-side session, then its page), save an answer, attach a coding
 * Submit, extend once, finish. Every one needs a signed-in user; the use cases check that the session is theirs.
 */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getTranslator } from "@/lib/i18n/server";
import { actionError, type ActionFailure } from "@/lib/web/action-result";
import { startMockSession } from "@/lib/use-cases/mock/start-mock-session";
import { saveMockAnswer } from "@/lib/use-cases/mock/save-mock-answer";
import { extendMockSession } from "@/lib/use-cases/mock/extend-mock-session";
import { finishMockSession } from "@/lib/use-cases/mock/finish-mock-session";
import type { MockCodingResult } from "@/lib/use-cases/mock/get-mock-session";

async function signedIn() {
  const { t } = await getTranslator();
  const actor = await getActor(await headers());
  if (!actor) throw new AppError("UNAUTHORIZED", t("mock.signIn"));
  return actor;
}

export async function startMockInterview(tag: string, minutes: number): Promise<ActionFailure | never> {
  const { locale, t } = await getTranslator();
  let id: string;
  try {
    id = (await startMockSession({ actor: await signedIn(), tag, minutes: Number(minutes), locale })).id;
  } catch (error) {
    return actionError(error, { locale, action: "startMockInterview", messages: { NOT_FOUND: t("mock.none") } });
  }
  redirect(`/mock/${id}`);
}

export type SaveResult = { ok: true; coding?: MockCodingResult } | ActionFailure;

export async function saveMockAnswerAction(id: string, slug: string, text: string): Promise<SaveResult> {
  const { locale, t } = await getTranslator();
  try {
    await saveMockAnswer({ actor: await signedIn(), id: String(id), slug: String(slug), text: String(text ?? "") });
    return { ok: true };
  } catch (error) {
    return actionError(error, { locale, action: "saveMockAnswer", messages: { CONFLICT: t("mock.locked"), NOT_FOUND: t("mock.notFound") } });
  }
}

export async function attachMockSubmitAction(id: string, slug: string): Promise<SaveResult> {
  const { locale, t } = await getTranslator();
  try {
    const result = await saveMockAnswer({ actor: await signedIn(), id: String(id), slug: String(slug), attachLatestSubmit: true });
    return { ok: true, coding: result.coding };
  } catch (error) {
    return actionError(error, { locale, action: "attachMockSubmit", messages: { CONFLICT: t("mock.locked"), NOT_FOUND: t("mock.noSubmit") } });
  }
}

export async function extendMockAction(id: string): Promise<{ ok: true } | ActionFailure> {
  const { locale } = await getTranslator();
  try {
    await extendMockSession({ actor: await signedIn(), id: String(id) });
    return { ok: true };
  } catch (error) {
    return actionError(error, { locale, action: "extendMock" });
  }
}

export async function finishMockAction(id: string): Promise<{ ok: true } | ActionFailure> {
  const { locale, t } = await getTranslator();
  try {
    await finishMockSession({ actor: await signedIn(), id: String(id) });
    return { ok: true };
  } catch (error) {
    return actionError(error, { locale, action: "finishMock", messages: { NOT_FOUND: t("mock.notFound") } });
  }
}
