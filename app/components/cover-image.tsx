import { useEffect, useRef, useState } from "react";

/** One of six gradients, always the same for a title. */
function hueOf(title: string): number {
  let hash = 0;
  for (const ch of title) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 9973;
  return hash % 6;
}

/**
 * An item's (or pack's) image, decorative (`alt=""`: the title is beside it). With no image, or one that fails to
 * load, a generated cover takes its place (a gradient with the title's initial, CSS only) — never a broken-image
 * icon. An image that failed before hydration fires no onError, so the effect looks at `complete`/`naturalWidth`.
 */
export function CoverImage({
  src,
  title,
  className,
  lazy = false,
}: {
  src: string | null | undefined;
  title: string;
  className?: string;
  lazy?: boolean;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  const ref = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const img = ref.current;
    if (img && src && img.complete && img.naturalWidth === 0) setFailed(src);
  }, [src]);
  if (!src || failed === src) {
    const initial = [...title.trim()][0]?.toUpperCase() ?? "·";
    return (
      <div className={`cover cover-fallback cover-hue-${hueOf(title)}${className ? ` ${className}` : ""}`} aria-hidden>
        <span className="cover-initial">{initial}</span>
        <span className="cover-title">{title}</span>
      </div>
    );
  }
  return (
    <img
      ref={ref}
      className={`cover${className ? ` ${className}` : ""}`}
      src={src}
      alt=""
      loading={lazy ? "lazy" : undefined}
      onError={() => setFailed(src)}
    />
  );
}
