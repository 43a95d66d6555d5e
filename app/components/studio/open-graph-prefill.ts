import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type RefObject } from "react";
import type { OpenGraphResult } from "~/domain/open-graph.server";

/** Reads the page at the URL field and fills title, summary and image where they are still empty. */
export function useOpenGraphPrefill(formRef: RefObject<HTMLFormElement | null>) {
  const fetcher = useFetcher<OpenGraphResult>();
  const [filled, setFilled] = useState<string[]>([]);
  const lastUrl = useRef("");
  const field = (name: string) =>
    formRef.current?.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
  const propose = () => {
    const url = field("url");
    // Leaving the field and pressing the button both propose; one read per URL is enough.
    if (!url?.value || !url.checkValidity() || url.value === lastUrl.current) return;
    lastUrl.current = url.value;
    fetcher.load(`/studio/open-graph?${new URLSearchParams({ url: url.value })}`);
  };
  useEffect(() => {
    const result = fetcher.data;
    if (result && !result.ok) lastUrl.current = ""; // a failed read may be tried again
    if (!result?.ok) return;
    const done: string[] = [];
    for (const [name, value, label] of [
      ["title", result.title, "title"],
      ["summary", result.summary, "summary"],
      ["imageUrl", result.imageUrl, "image"],
    ] as const) {
      const input = field(name);
      if (input && value && !input.value.trim()) {
        input.value = value;
        done.push(label);
      }
    }
    setFilled(done);
  }, [fetcher.data]); // eslint-disable-line react-hooks/exhaustive-deps -- runs once per answer; field() reads the form as it is then
  const message =
    fetcher.state === "loading"
      ? "Reading the page…"
      : !fetcher.data
        ? null
        : fetcher.data.ok
          ? filled.length
            ? `Filled the ${filled.join(", ")} from the page; check and edit them.`
            : "The page's details were found; your own text was kept."
          : fetcher.data.message;
  return { propose, message, failed: fetcher.state === "idle" && fetcher.data?.ok === false };
}
