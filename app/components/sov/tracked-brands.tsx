import { Link } from "@remix-run/react";

/** The brands an import can match, with their keywords. */
export function TrackedBrands({
  brands,
}: {
  brands: ReadonlyArray<{ name: string; keywords: string[]; isOwn: boolean }>;
}) {
  return (
    <section className="card stack" aria-labelledby="brands-heading">
      <h2 id="brands-heading" className="flush">
        Tracked brands and keywords
      </h2>
      {brands.length ? (
        <ul className="plain-list">
          {brands.map((b) => (
            <li key={b.name}>
              <strong>{b.name}</strong> {b.isOwn ? <span className="badge">own</span> : null}{" "}
              <span className="muted">{b.keywords.join(", ")}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          No brands yet. <Link to="/brands">Add your brand and competitors</Link> before importing.
        </p>
      )}
    </section>
  );
}
