/** Places gained or lost against the previous period (null: not ranked then). Colours come from the page's CSS. */
export function Movement({ value }: { value: number | null }) {
  if (value === null)
    return (
      <span className="movement movement-new" aria-label="new in the ranking">
        new
      </span>
    );
  if (value === 0)
    return (
      <span className="movement muted" aria-label="same place">
        –
      </span>
    );
  return value > 0 ? (
    <span className="movement movement-up" aria-label={`up ${value}`}>
      ▲ {value}
    </span>
  ) : (
    <span className="movement movement-down" aria-label={`down ${-value}`}>
      ▼ {-value}
    </span>
  );
}
