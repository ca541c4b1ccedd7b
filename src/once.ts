// Releases that may be called more than once (a finally and an abort both releasing, say) but
// must act once.

/** `action`, run by the first call only; later calls do nothing. */
export function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
