import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FilterBar, FilterSelect, formatInt, formatPct, Kpi, ReportCard, withParam } from "~/components/report";
import { SovChart } from "~/components/sov-chart";
import { requireUser, STAFF } from "~/domain/guards.server";
import { BUCKETS, parseSovFilters, sovReport } from "~/domain/sov.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Share of voice · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, STAFF);
  const filters = parseSovFilters(new URL(request.url).searchParams);
  return { filters, buckets: BUCKETS, ...(await sovReport(context.db, filters)) };
}

const pct = (a: number | undefined, total: number) =>
  total > 0 && a !== undefined ? Math.round((a / total) * 1000) / 10 : null;

/** A brand's mentions and its share of the period, the number its chart line shows. */
function BrandCount({ count, total }: { count: number; total: number }) {
  return (
    <>
      {formatInt(count)} <span className="muted share-pct">{formatPct(total > 0 ? count / total : null)}</span>
    </>
  );
}

export default function ShareOfVoice() {
  const d = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const exportHref = (table: string) => `/sov/export?${withParam(search, "table", table)}`;
  const chartData = d.periods.map((p) => ({
    period: p.period,
    ...Object.fromEntries(d.brands.map((b) => [b.id, pct(p.byBrand[b.id] ?? 0, p.total)])),
    withoutShares: p.sovWithoutShares === null ? null : Math.round(p.sovWithoutShares * 1000) / 10,
  }));
  const series = [
    ...d.brands.map((b) => ({ key: b.id, name: b.name, color: b.color })),
    ...(d.own
      ? [{ key: "withoutShares", name: `${d.own.name} without employee shares`, color: d.own.color, dashed: true }]
      : []),
  ];
  const bucketLabel = { day: "Day", week: "Week of", month: "Month" }[d.filters.bucket];
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1 style={{ margin: 0 }}>Share of voice</h1>
          <p className="muted" style={{ margin: "0.25rem 0 0" }}>
            {d.own
              ? `${d.own.name}'s mentions ÷ all tracked brands' mentions`
              : "Mark one brand as your own to see share of voice"}{" "}
            · {d.filters.from} to {d.filters.to}
          </p>
        </div>
        <div className="row">
          <Link to="/sov/import" className="button">
            Import mentions
          </Link>
          <Link to="/brands" className="button button-secondary">
            Brands
          </Link>
        </div>
      </div>

      <FilterBar from={d.filters.from} to={d.filters.to} problem={d.filters.problem}>
        <FilterSelect
          name="bucket"
          label="Per"
          value={d.filters.bucket}
          options={d.buckets.map((b) => ({ value: b, label: b }))}
        />
        <FilterSelect
          name="network"
          label="Network"
          value={d.filters.network}
          options={d.networks.map((n) => ({ value: n, label: n }))}
          allLabel="All networks"
        />
        {/* Verified posts only by default: a share page opened or a text copied may never have been posted. */}
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <label className="row">
            <input type="checkbox" name="unverified" value="1" defaultChecked={d.filters.unverified} /> Include
            unverified shares
          </label>
        </div>
      </FilterBar>

      <div className="grid kpis">
        <Kpi label={`${d.own?.name ?? "Own brand"} share of voice`} value={formatPct(d.total.sov)} testId="sov-total" />
        <Kpi label="Without employee shares" value={formatPct(d.total.sovWithoutShares)} />
        <Kpi label="Mentions from employee shares" value={formatInt(d.total.ownFromShares)} testId="sov-from-shares" />
        <Kpi
          label={d.filters.unverified ? "Unverified shares (counted)" : "Unverified shares (not counted)"}
          value={formatInt(d.total.unverifiedShares)}
          testId="sov-unverified"
        />
        <Kpi label="All tracked mentions" value={formatInt(d.total.total)} />
      </div>

      <section className="card stack" aria-labelledby="trend-heading">
        <h2 id="trend-heading" style={{ margin: 0 }}>
          Trend
        </h2>
        {d.periods.length ? (
          <SovChart
            data={chartData}
            series={series}
            label={`Share of voice per ${d.filters.bucket}: ${d.own?.name ?? "own brand"} ${formatPct(d.total.sov)} over the range`}
          />
        ) : (
          <p className="muted">
            No mentions in this range yet. Import a listening-tool export or wait for the next tally.
          </p>
        )}
      </section>

      <ReportCard
        id="periods"
        title={`Mentions per ${d.filters.bucket}`}
        exportHref={exportHref("periods")}
        isEmpty={!d.periods.length}
        emptyText="No mentions in this range."
      >
        <table>
          <caption className="sr-only">Mentions and share of voice per {d.filters.bucket}</caption>
          <thead>
            <tr>
              <th>{bucketLabel}</th>
              {d.brands.map((b) => (
                <th key={b.id} className="num">
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
            {d.periods.map((p) => (
              <tr key={p.period}>
                <td className="nowrap">{p.period}</td>
                {d.brands.map((b) => (
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
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th>Total</th>
              {d.brands.map((b) => (
                <td key={b.id} className="num">
                  <BrandCount count={d.total.byBrand[b.id] ?? 0} total={d.total.total} />
                </td>
              ))}
              <td className="num">{formatInt(d.total.total)}</td>
              <td className="num">{formatInt(d.total.ownFromShares)}</td>
              <td className="num">
                <strong>{formatPct(d.total.sov)}</strong>
              </td>
              <td className="num muted">{formatPct(d.total.sovWithoutShares)}</td>
            </tr>
          </tfoot>
        </table>
      </ReportCard>

      <ReportCard
        id="networks"
        title="Per network"
        exportHref={exportHref("networks")}
        isEmpty={!d.byNetwork.length}
        emptyText="No mentions in this range."
      >
        <table>
          <caption className="sr-only">Share of voice per network</caption>
          <thead>
            <tr>
              <th>Network</th>
              {d.brands.map((b) => (
                <th key={b.id} className="num">
                  {b.name}
                </th>
              ))}
              <th className="num">Total</th>
              <th className="num">From shares</th>
              <th className="num">SOV</th>
            </tr>
          </thead>
          <tbody>
            {d.byNetwork.map((n) => (
              <tr key={n.period}>
                <td>{n.period}</td>
                {d.brands.map((b) => (
                  <td key={b.id} className="num">
                    {formatInt(n.byBrand[b.id] ?? 0)}
                  </td>
                ))}
                <td className="num">{formatInt(n.total)}</td>
                <td className="num">{formatInt(n.ownFromShares)}</td>
                <td className="num">
                  <strong>{formatPct(n.sov)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ReportCard>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
