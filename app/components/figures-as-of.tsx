/** What a report page gets when it was read from a replica lagging more than 30 s (app/domain/reads.server.ts). */
export interface FiguresAsOfValue {
  time: string;
  iso: string;
}

/**
 * "Figures as of 14:05": the page's numbers come from a read replica that is behind. A status note, so a
 * screen reader announces it with the page, and the full time on the element for anyone who wants the date.
 */
export function FiguresAsOf({ value }: { value: FiguresAsOfValue | null | undefined }) {
  if (!value) return null;
  return (
    <p className="muted flush figures-as-of" role="status">
      Figures as of <time dateTime={value.iso}>{value.time}</time>
      <span className="sr-only">; the latest changes are still on their way to this report.</span>
    </p>
  );
}
