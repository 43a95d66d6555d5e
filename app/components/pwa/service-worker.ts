import { useEffect } from "react";

/**
 * Registers the service worker (public/sw.js, decision 017) once the page has loaded, in production builds
 * and where browsers support it. A failed registration changes nothing for the page: it is not an error
 * the rep can act on, so it is not reported.
 */
export function useServiceWorker() {
  useEffect(() => {
    // MODE, not PROD: PROD follows NODE_ENV, which is "test" when the test run builds the production bundle.
    if (import.meta.env.MODE !== "production" || !("serviceWorker" in navigator)) return;
    const register = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
    return () => window.removeEventListener("load", register);
  }, []);
}
