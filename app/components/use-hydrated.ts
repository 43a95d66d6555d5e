import { useEffect, useState } from "react";

let hydrating = true;

/**
 * False in the server's HTML and until the app has hydrated, true from then on (and at once in anything mounted
 * later). A control that works only through the page's script is disabled until then, so a tap on a slow phone
 * is refused visibly instead of doing nothing.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(() => !hydrating);
  useEffect(() => {
    hydrating = false;
    setHydrated(true);
  }, []);
  return hydrated;
}
