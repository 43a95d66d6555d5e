import { useLocation } from "@remix-run/react";
import { useEffect } from "react";

/** Boxes that may scroll sideways inside a page: report tables' wrappers, and every table on a phone. */
const SCROLLERS = ".table-scroll, .main table, .main pre";

/**
 * A box that scrolls sideways must be reachable by keyboard, or its hidden columns are out of reach for whoever
 * does not use a mouse (WCAG 2.1.1; axe's scrollable-region-focusable). Whether a table scrolls depends on the
 * screen, so the shell decides in the browser (decision 016): a scroller that overflows gets tabindex=0 (a focus
 * ring shows where the arrow keys act), and loses it once it fits again; one with a tabindex of its own is left be.
 * Without JavaScript, Chromium and Firefox make such scrollers focusable themselves.
 */
export function useFocusableScrollers() {
  const location = useLocation();
  useEffect(() => {
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        for (const el of document.querySelectorAll<HTMLElement>(SCROLLERS)) {
          const scrolls = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible";
          const marked = el.dataset.scroller === "on";
          if (scrolls && !marked && !el.hasAttribute("tabindex")) {
            el.tabIndex = 0;
            el.dataset.scroller = "on";
          } else if (!scrolls && marked) {
            el.removeAttribute("tabindex");
            delete el.dataset.scroller;
          }
        }
      });
    };
    update();
    window.addEventListener("resize", update);
    const main = document.getElementById("main");
    const observer = new MutationObserver(update);
    if (main) observer.observe(main, { childList: true, subtree: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("resize", update);
      observer.disconnect();
    };
  }, [location.pathname, location.search]);
}
