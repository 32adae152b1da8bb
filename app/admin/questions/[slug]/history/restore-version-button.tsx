"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreVersionAction } from "../../../actions";

/** Restores an old version as a new one; a CONFLICT (someone saved meanwhile) is shown, not retried. */
export function RestoreVersionButton({ slug, version, expectedVersion }: { slug: string; version: number; expectedVersion: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          if (!window.confirm(`Restore v${version}? It will be saved as a new version; nothing is lost.`)) return;
          startTransition(async () => {
            const result = await restoreVersionAction(slug, version, expectedVersion);
            if (result.ok) router.push(`/admin/questions/${slug}/history`);
            else setError(result.message);
            router.refresh();
          });
        }}
      >
        restore v{version}
      </button>
      {error ? (
        <span className="error" role="alert">
          {" "}
          {error}
        </span>
      ) : null}
    </>
  );
}
