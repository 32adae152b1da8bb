"use client";
/** Field-level errors under a form field: those for `path` itself and for anything below it. */

export type FieldErrors = Record<string, string[]>;

export function Errors({ errors, path }: { errors: FieldErrors; path: string }) {
  const messages = Object.entries(errors).filter(([key]) => key === path || key.startsWith(`${path}.`));
  if (!messages.length) return null;
  return (
    <ul className="field-errors">
      {messages.flatMap(([key, list]) => list.map((m) => <li key={`${key}${m}`}>{key === path ? m : `${key}: ${m}`}</li>))}
    </ul>
  );
}

