import type { ReactNode } from "react";

export const formatInt = (n: number) => n.toLocaleString("en-US");
export const formatPct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(digits)}%`);
export const formatMoney = (n: number) => n.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** A titled card holding one report table, with its CSV export link and an empty state. */
export function ReportCard({ id, title, exportHref, isEmpty, emptyText, description, children }: {
  id: string;
  title: string;
  exportHref?: string;
  isEmpty?: boolean;
  emptyText?: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card stack report-card" aria-labelledby={`${id}-heading`}>
      <div className="page-head" style={{ marginBottom: 0 }}>
        <div>
          <h2 id={`${id}-heading`} style={{ margin: 0 }}>
            {title}
          </h2>
          {description ? <p className="muted" style={{ margin: "0.25rem 0 0" }}>{description}</p> : null}
        </div>
        {exportHref && !isEmpty ? (
          <a className="button button-secondary button-small" href={exportHref} download aria-label={`Download ${title} as CSV`}>
            CSV
          </a>
        ) : null}
      </div>
      {isEmpty ? <p className="muted">{emptyText ?? "Nothing in this range."}</p> : <div className="table-scroll">{children}</div>}
    </section>
  );
}

/** The current URL's search params with one more: export links keep the page's range and filters. */
export function withParam(search: string, key: string, value: string): string {
  const params = new URLSearchParams(search);
  params.set(key, value);
  return params.toString();
}
