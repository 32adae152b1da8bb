"use client";
/** Live preview of editor markdown, rendered by the server (same renderer as the candidate page), debounced. */
import { useEffect, useState } from "react";
import { previewMarkdownAction } from "../actions";

export function usePreview(markdown: string): { html: string; removed: string[]; error: string | null } {
  const [result, setResult] = useState<{ html: string; removed: string[]; error: string | null }>({ html: "", removed: [], error: null });
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(async () => {
      const response = await previewMarkdownAction(markdown);
      if (cancelled) return;
      setResult(response.ok ? { ...response.value, error: null } : { html: "", removed: [], error: response.message });
    }, 350);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [markdown]);
  return result;
}

