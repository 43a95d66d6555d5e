/** A labelled progress bar with its "3 of 5" written out, so it reads without the bar. */
export function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  return (
    <div className="progress-row">
      <progress aria-label={label} value={Math.min(value, max)} max={max} />
      <span className="muted">
        {Math.min(value, max).toLocaleString("en-GB")} of {max.toLocaleString("en-GB")}
      </span>
    </div>
  );
}
