import { Form, Link } from "@remix-run/react";
import { CONTENT_TYPES } from "~/domain/content-types";
import { NETWORK_NAMES, NETWORKS } from "~/domain/networks";
import type { LibraryData } from "~/routes/_app.library";

/** Search and filters (type, tag, network, language); a pack's page keeps its pack while searching. */
export function LibrarySearch({
  query,
  filtered,
  searching,
}: {
  query: LibraryData["query"];
  filtered: boolean;
  searching: boolean;
}) {
  return (
    <Form method="get" role="search" className="row card" aria-label="Search the library">
      <label className="sr-only" htmlFor="library-q">
        Search
      </label>
      <input
        className="grow-240"
        id="library-q"
        type="search"
        name="q"
        defaultValue={query.q ?? ""}
        placeholder="Search titles, summaries, tags and messages"
      />
      <label className="sr-only" htmlFor="library-type">
        Type
      </label>
      <select id="library-type" name="type" defaultValue={query.type ?? ""}>
        <option value="">All types</option>
        {CONTENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="library-tag">
        Tag
      </label>
      <input className="w-120" id="library-tag" name="tag" defaultValue={query.tag ?? ""} placeholder="Tag" />
      <label className="sr-only" htmlFor="library-network">
        Network
      </label>
      <select id="library-network" name="network" defaultValue={query.network ?? ""}>
        <option value="">Any network</option>
        {NETWORKS.map((n) => (
          <option key={n} value={n}>
            {NETWORK_NAMES[n]}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="library-language">
        Language
      </label>
      <input
        className="w-110"
        id="library-language"
        name="language"
        defaultValue={query.language ?? ""}
        placeholder="Language (en)"
      />
      {query.pack ? <input type="hidden" name="pack" value={query.pack} /> : null}
      <button type="submit">{searching ? "Searching…" : "Search"}</button>
      {filtered ? (
        <Link to="/library" className="button button-secondary">
          Clear
        </Link>
      ) : null}
    </Form>
  );
}
