/** Shown while a question page renders on the server (engine warm-up on the first visit can take a second). */
export default function QuestionLoading() {
  return <div className="editor-loading" style={{ height: 240, borderRadius: 8 }} aria-busy="true" aria-live="polite" />;
}
