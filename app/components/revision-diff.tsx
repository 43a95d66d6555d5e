/** One changed field of a pending revision, as text (the domain's FieldChange, serialised for the browser). */
export interface RevisionChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

type Part = { kind: "same" | "removed" | "added"; text: string };

/** Word-level differences (whitespace kept), by longest common subsequence; long texts compare as a whole. */
export function diffWords(before: string, after: string): Part[] {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  if (a.length * b.length > 250_000)
    return [
      { kind: "removed", text: before },
      { kind: "added", text: after },
    ];
  // lcs[i * w + j]: the longest common run of a[i..] and b[j..].
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  const at = (i: number, j: number) => lcs[i * w + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * w + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const parts: Part[] = [];
  const push = (kind: Part["kind"], text = "") => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push("same", a[i]);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || at(i, j + 1) >= at(i + 1, j))) push("added", b[j++]);
    else push("removed", a[i++]);
  }
  return parts;
}

/** One side of a changed field: unchanged words plain, the other words struck through or underlined, and said. */
function Side({ parts, show }: { parts: Part[]; show: "removed" | "added" }) {
  const visible = parts.filter((p) => p.kind === "same" || p.kind === show);
  if (!visible.some((p) => p.text.trim())) return <p className="queue-text muted">(empty)</p>;
  return (
    <p className="queue-text">
      {visible.map((p, n) =>
        p.kind === "same" ? (
          <span key={n}>{p.text}</span>
        ) : p.kind === "removed" ? (
          <del key={n}>
            <span className="sr-only">[removed: </span>
            {p.text}
            <span className="sr-only">]</span>
          </del>
        ) : (
          <ins key={n}>
            <span className="sr-only">[added: </span>
            {p.text}
            <span className="sr-only">]</span>
          </ins>
        ),
      )}
    </p>
  );
}

/**
 * What changed since the last review, side by side: the approved version reps see beside the proposed one,
 * field by field (two columns on a wide screen, one above the other on a phone). Changes are marked in text
 * (struck through / underlined, and "removed" / "added" for screen readers), never by colour alone.
 */
export function RevisionDiff({ changes, caption }: { changes: RevisionChange[]; caption: string }) {
  return (
    <div className="revision-diff stack gap-xs" role="group" aria-label={caption}>
      <p className="muted flush">
        {changes.length} field{changes.length === 1 ? "" : "s"} changed. Removed words are struck through, added words
        underlined.
      </p>
      {changes.map((c) => {
        const parts = diffWords(c.before, c.after);
        return (
          <section key={c.field} data-field={c.field} className="revision-diff-field" aria-label={`${c.label} changed`}>
            <h3 className="revision-diff-label">
              {c.label} <span className="badge">changed</span>
            </h3>
            <div className="revision-diff-columns">
              <div>
                <p className="revision-diff-side">Approved (reps see this)</p>
                <Side parts={parts} show="removed" />
                {c.field === "imageUrl" && c.before ? (
                  <img className="revision-diff-image" src={c.before} alt="Approved, as reps see it" loading="lazy" />
                ) : null}
              </div>
              <div>
                <p className="revision-diff-side">Proposed</p>
                <Side parts={parts} show="added" />
                {c.field === "imageUrl" && c.after ? (
                  <img className="revision-diff-image" src={c.after} alt="Proposed" loading="lazy" />
                ) : null}
              </div>
            </div>
          </section>
        );
      })}
    </div>
  );
}
