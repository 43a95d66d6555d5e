import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { Network } from "~/domain/networks";
import type { SheetShare } from "~/domain/share-sheet.server";
import type { action } from "~/routes/share-sheet";

type Message = { kind: "status" | "error"; text: string } | null;

/** The browser's share sheet, where there is one (phones, some desktops). */
function useCanShare(): boolean {
  const [canShare, setCanShare] = useState(false);
  // After hydration only: the server cannot know, and the first render must match its HTML.
  useEffect(() => setCanShare(typeof navigator !== "undefined" && typeof navigator.share === "function"), []);
  return canShare;
}

/**
 * "Share…": the phone's own share sheet with the tracked link (decision 017). The share is recorded first
 * (like a copy share), then the sheet opens with the words and the link; closing the sheet without choosing
 * an app withdraws it. Where the browser refuses a sheet that late after the tap (NotAllowedError), the next
 * tap opens it straight away with the link already made. Without navigator.share there is no button.
 */
export function NativeShare({
  itemId,
  title,
  network,
  body,
  disabled,
}: {
  itemId: string;
  title: string;
  network: Network;
  /** The rep's words as the composer shows them (the disclosure and link are added by the server). */
  body: string;
  disabled: boolean;
}) {
  const canShare = useCanShare();
  const record = useFetcher<typeof action>();
  const withdraw = useFetcher<typeof action>();
  const [ready, setReady] = useState<SheetShare | null>(null);
  const [message, setMessage] = useState<Message>(null);
  // Whether the last tap ended in a withdrawal, so its answer is not shown again on the next tap.
  const [withdrawing, setWithdrawing] = useState(false);
  const opened = useRef<string | null>(null);

  async function openSheet(sheet: SheetShare) {
    try {
      await navigator.share({ title, text: sheet.words, url: sheet.link });
      setReady(null);
      setMessage({ kind: "status", text: "Shared through your phone. It is in My queue as shared by hand." });
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "NotAllowedError") {
        setReady(sheet);
        setMessage({ kind: "status", text: "Your link is ready: tap Share… again to choose an app." });
        return;
      }
      setReady(null);
      setMessage(name === "AbortError" ? null : { kind: "error", text: "The share sheet did not open: not shared." });
      setWithdrawing(true);
      void withdraw.submit({ intent: "withdraw", shareId: sheet.shareId }, { method: "post", action: "/share-sheet" });
    }
  }

  const sheet = record.state === "idle" ? record.data?.sheet : undefined;
  useEffect(() => {
    if (!sheet || opened.current === sheet.shareId) return;
    opened.current = sheet.shareId;
    void openSheet(sheet);
    // openSheet reads only its argument and setters: the recorded share alone decides when the sheet opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sheet]);

  if (!canShare) return null;
  const recordError = record.data?.ok === false ? Object.values(record.data.errors).find(Boolean) : undefined;
  const withdrawn = withdrawing && withdraw.state === "idle" ? withdraw.data?.status : null;
  const shown: Message = recordError
    ? { kind: "error", text: recordError }
    : (message ?? (withdrawn ? { kind: "status", text: withdrawn } : null));
  const start = () => {
    setMessage(null);
    setWithdrawing(false);
    if (ready) return void openSheet(ready);
    const form = { intent: "open", itemId, network, text: body, idempotencyKey: crypto.randomUUID() };
    void record.submit(form, { method: "post", action: "/share-sheet" });
  };
  return (
    <div className="row">
      <button type="button" className="button-secondary" onClick={start} disabled={disabled || record.state !== "idle"}>
        Share…
      </button>
      {shown ? (
        <span
          className={shown.kind === "error" ? "field-error" : "notice"}
          role={shown.kind === "error" ? "alert" : "status"}
        >
          {shown.text}
        </span>
      ) : (
        <span className="muted">Your phone&apos;s share sheet, with your tracked link</span>
      )}
    </div>
  );
}
