import { Form, Link } from "@remix-run/react";
import { NetworkOptions } from "~/components/network-options";
import { CONTENT_TYPES } from "~/domain/content-types";
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
    <Form method="get" role="search" className="row card filter-bar" aria-label="Search the library">
      <div className="field grow-240">
        <label htmlFor="library-q">Search</label>
        <input
          id="library-q"
          type="search"
          name="q"
          defaultValue={query.q ?? ""}
          placeholder="Titles, summaries, tags and messages"
        />
      </div>
      <div className="field">
        <label htmlFor="library-type">Type</label>
        <select id="library-type" name="type" defaultValue={query.type ?? ""}>
          <option value="">All types</option>
          {CONTENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="library-tag">Tag</label>
        <input id="library-tag" name="tag" defaultValue={query.tag ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="library-network">Network</label>
        <select id="library-network" name="network" defaultValue={query.network ?? ""}>
          <NetworkOptions anyLabel="Any network" />
        </select>
      </div>
      <div className="field">
        <label htmlFor="library-language">Language</label>
        <input id="library-language" name="language" defaultValue={query.language ?? ""} placeholder="en" />
      </div>
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
