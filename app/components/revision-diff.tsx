/** One changed field of a pending revision, as text (the domain's FieldChange, serialised for the browser). */
export interface RevisionChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** The changed fields of a revision, the approved value beside the proposed one. */
export function RevisionDiff({ changes, caption }: { changes: RevisionChange[]; caption: string }) {
  return (
    <table aria-label={caption}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Approved (reps see this)</th>
          <th scope="col">Proposed</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} data-field={c.field}>
            <th scope="row">{c.label}</th>
            <td>
              <p className="queue-text">{c.before || <span className="muted">(empty)</span>}</p>
            </td>
            <td>
              <p className="queue-text">{c.after || <span className="muted">(empty)</span>}</p>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
