import { formatInt, formatPct, ReportCard } from "~/components/report";
import type { SovPeriod } from "~/domain/sov/report.server";
import type { SovBrand } from "./periods-card";

/** Mentions and share of voice per network over the range. */
export function NetworksCard({
  brands,
  byNetwork,
  exportHref,
}: {
  brands: SovBrand[];
  byNetwork: SovPeriod[];
  exportHref: string;
}) {
  return (
    <ReportCard
      id="networks"
      title="Per network"
      exportHref={exportHref}
      isEmpty={!byNetwork.length}
      emptyText="No mentions in this range."
    >
      <table>
        <caption className="sr-only">Share of voice per network</caption>
        <thead>
          <tr>
            <th>Network</th>
            {brands.map((b) => (
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
          {byNetwork.map((n) => (
            <tr key={n.period}>
              <td>{n.period}</td>
              {brands.map((b) => (
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
  );
}
