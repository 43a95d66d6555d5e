import type { ReactNode } from "react";

/**
 * A table wider than its column scrolls sideways inside this box instead of pushing the page. The box is a
 * labelled region that takes focus, so a keyboard user can scroll it with the arrow keys (axe's
 * scrollable-region-focusable), and a screen reader announces what the table is.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
