import { formatInt, formatMoney, formatPct, Kpi } from "~/components/report";
import type { AdoptionRow } from "~/domain/analytics/adoption.server";
import type { StatRow } from "~/domain/analytics/program-stats.server";

/** The analytics page's headline numbers, summed from the per-network rows and the weekly adoption. */
export function AnalyticsKpis({
  byNetwork,
  adoption,
  emvTotal,
}: {
  byNetwork: StatRow[];
  adoption: AdoptionRow[];
  emvTotal: number;
}) {
  const totalShares = byNetwork.reduce((s, r) => s + r.shares, 0);
  const totalUnverified = byNetwork.reduce((s, r) => s + r.unverified, 0);
  const totalClicks = byNetwork.reduce((s, r) => s + r.uniqueClicks, 0);
  const rated = adoption.filter((r) => r.rate !== null);
  const averageAdoption = rated.length ? rated.reduce((sum, r) => sum + (r.rate ?? 0), 0) / rated.length : null;
  return (
    <div className="grid kpis">
      {/* Verified: posted by Chorus through the network's API. Unverified: the network's share page was
          opened or the text copied, once per rep, item and network; it may not have been posted. */}
      <Kpi label="Verified shares" value={formatInt(totalShares)} testId="kpi-verified" />
      <Kpi label="Unverified shares" value={formatInt(totalUnverified)} testId="kpi-unverified" />
      <Kpi label="Unique clicks" value={formatInt(totalClicks)} />
      <Kpi label="Average weekly adoption" value={formatPct(averageAdoption, 0)} />
      <Kpi label="Earned media value" value={formatMoney(emvTotal)} />
    </div>
  );
}
