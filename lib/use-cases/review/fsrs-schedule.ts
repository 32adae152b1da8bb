/**
 * FSRS scheduling (ts-fsrs, default parameters, fuzz off so the same review always gives the same
 * due date) translated between our ReviewCard/ReviewLog columns and ts-fsrs's Card/ReviewLog.
 * Pure: the use cases in this folder do the reading and writing.
 */
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from "ts-fsrs";

export const REVIEW_RATINGS = ["again", "hard", "good", "easy"] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];
export type ReviewStateName = "new" | "learning" | "review" | "relearning";

/** The scheduling columns of a ReviewCard row. */
export interface CardFields {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: ReviewStateName;
  lastReview: Date | null;
}

/** The columns of a ReviewLog row (without ids). */
export interface LogFields {
  rating: number;
  state: ReviewStateName;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  review: Date;
}

const GRADE: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };
/** FSRS's numbers for the ratings (1 again … 4 easy), as ReviewLog and ConceptAttempt store them. */
export const RATING_NUMBER: Record<ReviewRating, number> = { again: 1, hard: 2, good: 3, easy: 4 };
const STATE_NAME: Record<State, ReviewStateName> = {
  [State.New]: "new",
  [State.Learning]: "learning",
  [State.Review]: "review",
  [State.Relearning]: "relearning",
};
const STATE_ENUM: Record<ReviewStateName, State> = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning };

const scheduler = fsrs({ enable_fuzz: false });

function toCard(fields: CardFields): Card {
  return {
    due: fields.due,
    stability: fields.stability,
    difficulty: fields.difficulty,
    elapsed_days: fields.elapsedDays,
    scheduled_days: fields.scheduledDays,
    learning_steps: fields.learningSteps,
    reps: fields.reps,
    lapses: fields.lapses,
    state: STATE_ENUM[fields.state],
    last_review: fields.lastReview ?? undefined,
  };
}

function fromCard(card: Card): CardFields {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATE_NAME[card.state],
    lastReview: card.last_review ?? null,
  };
}

/**
 * Applies one review to a card (a fresh card when `current` is null) and returns the new card state
 * plus the log entry to store.
 *
 * @example
 * const { card } = scheduleReview(null, "good", new Date("2026-01-01T00:00:00Z"));
 * card.state // → "learning"; card.due is 10 minutes later (FSRS's default first learning step)
 */
export function scheduleReview(current: CardFields | null, rating: ReviewRating, now: Date): { card: CardFields; log: LogFields } {
  const before = current ? toCard(current) : createEmptyCard(now);
  const { card, log } = scheduler.next(before, now, GRADE[rating]);
  return {
    card: fromCard(card),
    log: {
      rating: log.rating,
      state: STATE_NAME[log.state],
      due: log.due,
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: log.elapsed_days,
      lastElapsedDays: log.last_elapsed_days,
      scheduledDays: log.scheduled_days,
      learningSteps: log.learning_steps,
      review: log.review,
    },
  };
}

/**
 * Consecutive days (UTC) with at least one review, ending today or yesterday (a streak is not broken
 * until a whole day passes without a review).
 *
 * @example
 * reviewStreak([new Date("2026-01-03T08:00Z"), new Date("2026-01-02T20:00Z")], new Date("2026-01-03T12:00Z")) // → 2
 */
export function reviewStreak(reviewTimes: readonly Date[], now: Date): number {
  const day = (d: Date) => Math.floor(d.getTime() / 86_400_000);
  const days = new Set(reviewTimes.map(day));
  let cursor = day(now);
  if (!days.has(cursor)) cursor -= 1;
  let streak = 0;
  while (days.has(cursor)) {
    streak += 1;
    cursor -= 1;
  }
  return streak;
}

/**
 * When each rating would schedule the card next (ts-fsrs's preview: the same computation as scheduleReview, without
 * storing anything), so every rating button can show its interval the way Anki does ("10m / 1d / 4d").
 *
 * @example
 * const due = previewReview(null, now); // due.again → now + 1 min, due.good → now + 10 min, due.easy → now + days
 */
export function previewReview(current: CardFields | null, now: Date): Record<ReviewRating, Date> {
  const before = current ? toCard(current) : createEmptyCard(now);
  const preview = scheduler.repeat(before, now);
  return {
    again: preview[Rating.Again].card.due,
    hard: preview[Rating.Hard].card.due,
    good: preview[Rating.Good].card.due,
    easy: preview[Rating.Easy].card.due,
  };
}

export const SELF_ASSESSMENT = ["covered", "partly", "missed"] as const;
export type SelfAssessmentMark = (typeof SELF_ASSESSMENT)[number];

/**
 * The recall rating a concept self-assessment gives (ADR 0604): each key point counts 1 (covered), ½ (partly) or 0
 * (missed). All covered → easy; ≥ 70 % → good; ≥ 40 % → hard; less → again.
 *
 * @example
 * ratingFromSelfAssessment(["covered", "covered", "partly", "missed"]) // → "hard" (2.5 of 4 = 62.5 %)
 */
export function ratingFromSelfAssessment(marks: readonly SelfAssessmentMark[]): ReviewRating {
  if (marks.length === 0) return "again";
  const credit = marks.reduce((sum, m) => sum + (m === "covered" ? 1 : m === "partly" ? 0.5 : 0), 0) / marks.length;
  if (credit === 1) return "easy";
  if (credit >= 0.7) return "good";
  if (credit >= 0.4) return "hard";
  return "again";
}
