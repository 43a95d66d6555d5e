import { Link } from "@remix-run/react";
import { CoverImage } from "~/components/cover-image";
import type { LibraryData } from "~/routes/_app.library";

/** The live packs for the rep's team, each a card linking to the library filtered to it. */
export function PackCards({ packs }: { packs: LibraryData["packs"] }) {
  return (
    <section aria-labelledby="section-packs" className="stack gap-lg">
      <h2 className="flush" id="section-packs">
        Packs for your team
      </h2>
      <ul className="grid list-bare" aria-label="Packs for your team">
        {packs.map((p) => (
          <li key={p.id} className="card item-card pack-card">
            <CoverImage src={p.coverUrl} title={p.title} lazy />
            <span className="badge">
              pack · {p.items} item{p.items === 1 ? "" : "s"}
            </span>
            <h3>
              <Link to={`/library?pack=${p.id}`}>{p.title}</Link>
            </h3>
            <p>{p.description}</p>
            {p.endsOn ? <p className="muted">Until {p.endsOn}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
