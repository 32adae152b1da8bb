"use client";
/**
 * Two panes side by side with a draggable, keyboard-operable divider (WAI-ARIA window splitter:
 * role="separator", arrow keys move it 5%, Home/End jump to the limits). On phone widths the CSS
 * stacks the panes and hides the divider. The chosen split is remembered per `storageKey`.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

const MIN = 20;
const MAX = 80;

export function SplitView({ left, right, storageKey, label }: { left: ReactNode; right: ReactNode; storageKey: string; label: string }) {
  const [percent, setPercent] = useState(45);
  const container = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    const saved = Number(window.localStorage.getItem(storageKey));
    if (saved >= MIN && saved <= MAX) setPercent(saved);
  }, [storageKey]);

  const update = useCallback(
    (p: number) => {
      const clamped = Math.min(MAX, Math.max(MIN, p));
      setPercent(clamped);
      window.localStorage.setItem(storageKey, String(Math.round(clamped)));
    },
    [storageKey],
  );

  return (
    <div className="split-view" ref={container} style={{ ["--split" as string]: `${percent}%` }}>
      <div className="split-pane split-left">{left}</div>
      <div
        className="split-divider"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        aria-valuenow={Math.round(percent)}
        tabIndex={0}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (!dragging.current || !container.current) return;
          const box = container.current.getBoundingClientRect();
          update(((e.clientX - box.left) / box.width) * 100);
        }}
        onPointerUp={() => {
          dragging.current = false;
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowLeft") update(percent - 5);
          else if (e.key === "ArrowRight") update(percent + 5);
          else if (e.key === "Home") update(MIN);
          else if (e.key === "End") update(MAX);
          else return;
          e.preventDefault();
        }}
      />
      <div className="split-pane split-right">{right}</div>
    </div>
  );
}
