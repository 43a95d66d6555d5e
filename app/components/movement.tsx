/** Places gained or lost against the previous period, in words: "up 2 places", "down 1 place", "new", "same place". */
export function movementText(value: number | null): string {
  if (value === null) return "new";
  if (value === 0) return "same place";
  const places = Math.abs(value) === 1 ? "place" : "places";
  return `${value > 0 ? "up" : "down"} ${Math.abs(value)} ${places}`;
}

/** Places gained or lost against the previous period (null: not ranked then). Colours come from the page's CSS. */
export function Movement({ value }: { value: number | null }) {
  const label = value === null ? "new in the ranking" : movementText(value);
  if (value === null)
    return (
      <span className="movement movement-new" aria-label={label}>
        new
      </span>
    );
  if (value === 0)
    return (
      <span className="movement movement-same muted" aria-label={label}>
        =
      </span>
    );
  return value > 0 ? (
    <span className="movement movement-up" aria-label={label}>
      ▲ {value}
    </span>
  ) : (
    <span className="movement movement-down" aria-label={label}>
      ▼ {-value}
    </span>
  );
}
