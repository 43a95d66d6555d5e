import { formatInt, formatPct, Kpi } from "~/components/report";
import type { SovPeriod } from "~/domain/sov/report.server";

/** The share of voice headline numbers over the whole range. */
export function SovKpis({
  ownName,
  total,
  unverified,
}: {
  ownName: string | null;
  total: SovPeriod;
  unverified: boolean;
}) {
  return (
    <div className="grid kpis">
      <Kpi label={`${ownName ?? "Own brand"} share of voice`} value={formatPct(total.sov)} testId="sov-total" />
      <Kpi label="Without employee shares" value={formatPct(total.sovWithoutShares)} />
      <Kpi label="Mentions from employee shares" value={formatInt(total.ownFromShares)} testId="sov-from-shares" />
      <Kpi
        label={unverified ? "Unverified shares (counted)" : "Unverified shares (not counted)"}
        value={formatInt(total.unverifiedShares)}
        testId="sov-unverified"
      />
      <Kpi label="All tracked mentions" value={formatInt(total.total)} />
    </div>
  );
}
