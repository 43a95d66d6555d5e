import { Form, useNavigation } from "@remix-run/react";
import { TableScroll } from "./table-scroll";
import type { ReactNode } from "react";

export const formatInt = (n: number) => n.toLocaleString("en-US");
export const formatPct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? "—" : `${(v * 100).toFixed(digits)}%`;
export const formatMoney = (n: number) =>
  n.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

/** A titled card holding one report table, with its CSV export link and an empty state. */
export function ReportCard({
  id,
  title,
  exportHref,
  isEmpty,
  emptyText,
  description,
  children,
}: {
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
      <div className="page-head page-head-flush">
        <div>
          <h2 id={`${id}-heading`} className="flush">
            {title}
          </h2>
          {description ? <p className="muted page-lede">{description}</p> : null}
        </div>
        {exportHref && !isEmpty ? (
          <a
            className="button button-secondary button-small"
            href={exportHref}
            download
            aria-label={`Download ${title} as CSV`}
          >
            CSV
          </a>
        ) : null}
      </div>
      {isEmpty ? (
        <p className="muted">{emptyText ?? "Nothing in this range."}</p>
      ) : (
        <TableScroll label={`${title} table`}>{children}</TableScroll>
      )}
    </section>
  );
}

/** The current URL's search params with one more: export links keep the page's range and filters. */
export function withParam(search: string, key: string, value: string): string {
  const params = new URLSearchParams(search);
  params.set(key, value);
  return params.toString();
}

/**
 * The GET form of a report page: date range first, the page's own filters, then Apply. Filters live in the URL.
 * `problem`: a date from the URL that was replaced (see dateRange in app/domain/validation.ts), shown by the dates.
 */
export function FilterBar({
  from,
  to,
  problem,
  children,
}: {
  from: string;
  to: string;
  problem?: string | null;
  children?: ReactNode;
}) {
  const navigation = useNavigation();
  const loading = navigation.state === "loading";
  return (
    <Form method="get" className="card row filter-bar" aria-label="Filters">
      <div className="field">
        <label htmlFor="from">From</label>
        <input id="from" type="date" name="from" defaultValue={from} />
      </div>
      <div className="field">
        <label htmlFor="to">To</label>
        <input id="to" type="date" name="to" defaultValue={to} />
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {children}
      <div className="field">
        <span aria-hidden="true">&nbsp;</span>
        <button type="submit" disabled={loading}>
          {loading ? "Updating…" : "Apply"}
        </button>
      </div>
    </Form>
  );
}

/** One headline number. */
export function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="card kpi">
      <span className="muted">{label}</span>
      <strong data-testid={testId}>{value}</strong>
    </div>
  );
}

/** A labelled select in a FilterBar; `allLabel` adds the empty "no filter" option. */
export function FilterSelect({
  name,
  label,
  value,
  options,
  allLabel,
}: {
  name: string;
  label: string;
  value: string | null;
  options: ReadonlyArray<{ value: string; label: string }>;
  allLabel?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""}>
        {allLabel ? <option value="">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
