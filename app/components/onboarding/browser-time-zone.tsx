import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * For an account whose time zone was never chosen (Sign in with LinkedIn asks for none): sends the browser's
 * zone once; the server takes it only while the zone is still unconfirmed (decision 019). Renders nothing.
 */
export function BrowserTimeZone() {
  const fetcher = useFetcher();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (timeZone) fetcher.submit({ intent: "browser-time-zone", timeZone }, { method: "post", action: "/me" });
  }, [fetcher]);
  return null;
}
