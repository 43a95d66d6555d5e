import { formatInt, formatPct, ReportCard } from "~/components/report";
import type { Brand } from "~/domain/sov/brands.server";
import type { Bucket, SovPeriod } from "~/domain/sov/report.server";

/** What the share of voice tables show of a brand. */
export type SovBrand = Pick<Brand, "id" | "name" | "color">;

const BUCKET_LABELS = { day: "Day", week: "Week of", month: "Month" } satisfies Record<Bucket, string>;

/** A brand's mentions and its share of the period, the number its chart line shows. */
function BrandCount({ count, total }: { count: number; total: number }) {
  return (
    <>
      {formatInt(count)} <span className="muted share-pct">{formatPct(total > 0 ? count / total : null)}</span>
    </>
  );
}

/** One period's (or the total's) cells after its first column. */
function PeriodCells({ p, brands }: { p: SovPeriod; brands: SovBrand[] }) {
  return (
    <>
      {brands.map((b) => (
        <td key={b.id} className="num">
          <BrandCount count={p.byBrand[b.id] ?? 0} total={p.total} />
        </td>
      ))}
      <td className="num">{formatInt(p.total)}</td>
      <td className="num">{formatInt(p.ownFromShares)}</td>
      <td className="num">
        <strong>{formatPct(p.sov)}</strong>
      </td>
      <td className="num muted">{formatPct(p.sovWithoutShares)}</td>
    </>
  );
}

/** Mentions and share of voice per period, with the range's total. */
export function PeriodsCard({
  brands,
  periods,
  total,
  bucket,
  exportHref,
}: {
  brands: SovBrand[];
  periods: SovPeriod[];
  total: SovPeriod;
  bucket: Bucket;
  exportHref: string;
}) {
  return (
    <ReportCard
      id="periods"
      title={`Mentions per ${bucket}`}
      exportHref={exportHref}
      isEmpty={!periods.length}
      emptyText="No mentions in this range."
    >
      <table>
        <caption className="sr-only">Mentions and share of voice per {bucket}</caption>
        <thead>
          <tr>
            <th>{BUCKET_LABELS[bucket]}</th>
            {brands.map((b) => (
              <th key={b.id} className="num">
                {/* The one style left: the swatch is the brand's own colour. */}
                <span className="swatch" style={{ background: b.color }} aria-hidden="true" /> {b.name}
              </th>
            ))}
            <th className="num">Total</th>
            <th className="num">From shares</th>
            <th className="num">SOV</th>
            <th className="num">SOV without shares</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.period}>
              <td className="nowrap">{p.period}</td>
              <PeriodCells p={p} brands={brands} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>Total</th>
            <PeriodCells p={total} brands={brands} />
          </tr>
        </tfoot>
      </table>
    </ReportCard>
  );
}
