import { Form, useFetcher, useSearchParams } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { useTypedBeforeHydration } from "~/components/typed-before-hydration";

interface Candidate {
  id: string;
  title: string;
  status: string;
  type: string;
}

/**
 * Adding items to a pack: a search over approved items by title (the /studio/pack-candidates resource route,
 * through a fetcher), each result a button "Add <title>". Enter searches at once; typing searches after a pause.
 */
export function PackPicker({ packId, busy }: { packId: string; busy: boolean }) {
  const fetcher = useFetcher<{ items: Candidate[]; message: string | null }>();
  // ?q= is a search sent before the page hydrated (see the pack-candidates route): it is searched again here.
  const [searchParams] = useSearchParams();
  const [q, setQ] = useState(() => searchParams.get("q")?.slice(0, 200) ?? "");
  const onSearch = (e: { target: HTMLInputElement }) => setQ(e.target.value);
  // Words typed before the page hydrated are searched too, not left in the box beside the full list.
  const searchRef = useTypedBeforeHydration(q, onSearch);
  const id = useId();
  const { load } = fetcher;
  useEffect(() => {
    const timer = setTimeout(
      () => load(`/studio/pack-candidates?${new URLSearchParams({ pack: packId, q })}`),
      q ? 250 : 0,
    );
    return () => clearTimeout(timer);
  }, [load, packId, q]);
  const items = fetcher.data?.items ?? [];
  const searching = fetcher.state !== "idle";
  return (
    <section className="stack gap-xs pack-picker" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="flush">
        Add approved items
      </h3>
      <fetcher.Form method="get" action="/studio/pack-candidates" role="search" className="field">
        <input type="hidden" name="pack" value={packId} />
        <label htmlFor={`${id}-q`}>Search approved items by title</label>
        <input
          ref={searchRef}
          id={`${id}-q`}
          type="search"
          name="q"
          value={q}
          maxLength={200}
          autoComplete="off"
          onChange={onSearch}
        />
      </fetcher.Form>
      <p className="muted flush" role="status" aria-live="polite">
        {!fetcher.data
          ? "Loading approved items…"
          : items.length
            ? `${items.length} approved item${items.length === 1 ? "" : "s"}${q.trim() ? ` matching “${q.trim()}”` : ""}${searching ? " (searching…)" : ""}`
            : q.trim()
              ? `No approved item matches “${q.trim()}”.`
              : "No approved items left to add. Write one with “New item in this pack”."}
      </p>
      {items.length ? (
        <ul className="pack-picker-results" aria-label="Approved items to add">
          {items.map((item) => (
            <li key={item.id}>
              <Form method="post" action={`/studio/packs/${packId}`} preventScrollReset>
                <input type="hidden" name="itemId" value={item.id} />
                <button name="intent" value="add" className="button-secondary" disabled={busy}>
                  Add {item.title}
                </button>{" "}
                <span className="muted">
                  {item.type} · {item.status}
                </span>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
