import { formatPct } from "~/components/report";
import { SovChart } from "~/components/sov-chart";
import type { SovPeriod } from "~/domain/sov/report.server";
import type { SovBrand } from "./periods-card";

const pct = (a: number | undefined, total: number) =>
  total > 0 && a !== undefined ? Math.round((a / total) * 1000) / 10 : null;

/** The trend chart: each brand's share per period, and the own brand's without employee shares (dashed). */
export function TrendCard({
  brands,
  own,
  periods,
  bucket,
  totalSov,
}: {
  brands: SovBrand[];
  own: SovBrand | null;
  periods: SovPeriod[];
  bucket: string;
  totalSov: number | null;
}) {
  const chartData = periods.map((p) => ({
    period: p.period,
    ...Object.fromEntries(brands.map((b) => [b.id, pct(p.byBrand[b.id] ?? 0, p.total)])),
    withoutShares: p.sovWithoutShares === null ? null : Math.round(p.sovWithoutShares * 1000) / 10,
  }));
  const series = [
    ...brands.map((b) => ({ key: b.id, name: b.name, color: b.color })),
    ...(own
      ? [{ key: "withoutShares", name: `${own.name} without employee shares`, color: own.color, dashed: true }]
      : []),
  ];
  return (
    <section className="card stack" aria-labelledby="trend-heading">
      <h2 id="trend-heading" className="flush">
        Trend
      </h2>
      {periods.length ? (
        <SovChart
          data={chartData}
          series={series}
          label={`Share of voice per ${bucket}: ${own?.name ?? "own brand"} ${formatPct(totalSov)} over the range`}
        />
      ) : (
        <p className="muted">
          No mentions in this range yet. Import a listening-tool export or wait for the next tally.
        </p>
      )}
    </section>
  );
}
