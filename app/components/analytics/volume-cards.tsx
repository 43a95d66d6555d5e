import { ReportCard } from "~/components/report";
import type { StatRow } from "~/domain/analytics/program-stats.server";
import { StatTable } from "./stat-table";

interface Volumes {
  byNetwork: StatRow[];
  byTeam: StatRow[];
  byWeek: StatRow[];
  topItems: StatRow[];
  topPacks: StatRow[];
}

/** Shares and unique clicks by network, team and week, and the most shared items and packs. */
export function VolumeCards({ d, exportHref }: { d: Volumes; exportHref: (table: string) => string }) {
  return (
    <>
      <div className="grid report-grid">
        <ReportCard
          id="by-network"
          title="By network"
          exportHref={exportHref("network")}
          isEmpty={!d.byNetwork.length}
          emptyText="No shares in this range."
        >
          <StatTable caption="Shares and unique clicks by network" first="Network" list={d.byNetwork} />
        </ReportCard>
        <ReportCard
          id="by-team"
          title="By team"
          exportHref={exportHref("team")}
          isEmpty={!d.byTeam.length}
          emptyText="No shares in this range."
        >
          <StatTable caption="Shares and unique clicks by team" first="Team" list={d.byTeam} />
        </ReportCard>
      </div>
      <ReportCard
        id="by-week"
        title="By week"
        exportHref={exportHref("week")}
        isEmpty={!d.byWeek.length}
        emptyText="No shares in this range."
      >
        <StatTable caption="Shares and unique clicks by week" first="Week of" list={d.byWeek} />
      </ReportCard>
      <div className="grid report-grid">
        <ReportCard
          id="top-items"
          title="Top items"
          exportHref={exportHref("items")}
          isEmpty={!d.topItems.length}
          emptyText="No item was shared in this range."
        >
          <StatTable caption="Most shared items" first="Item" list={d.topItems} />
        </ReportCard>
        <ReportCard
          id="top-packs"
          title="Top packs"
          exportHref={exportHref("packs")}
          isEmpty={!d.topPacks.length}
          emptyText="No share came from a pack in this range."
        >
          <StatTable caption="Most shared packs" first="Pack" list={d.topPacks} />
        </ReportCard>
      </div>
    </>
  );
}
