import { useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  FilterBar,
  FilterSelect,
  formatInt,
  formatMoney,
  formatPct,
  Kpi,
  ReportCard,
  withParam,
} from "~/components/report";
import { analyticsReport, parseAnalyticsFilters, teamsForFilter, type StatRow } from "~/domain/analytics.server";
import { LEADS, requireUser } from "~/domain/guards.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

const SCORES_SHOWN = 100;

export const meta: MetaFunction = () => [{ title: "Analytics · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, LEADS);
  const filters = parseAnalyticsFilters(new URL(request.url).searchParams, user);
  const [report, teams] = await Promise.all([analyticsReport(context.db, filters), teamsForFilter(context.db)]);
  // The page lists the top scores; the CSV export carries every rep.
  const scores = [...report.scores].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return {
    filters,
    teams: filters.teamLocked ? teams.filter((t) => t.id === filters.teamId) : teams,
    ...report,
    scores: scores.slice(0, SCORES_SHOWN),
    scoreCount: scores.length,
  };
}

const NETWORK_OPTIONS = [
  { value: "linkedin", label: "LinkedIn" },
  { value: "x", label: "X" },
  { value: "facebook", label: "Facebook" },
];

function StatTable({ caption, first, list }: { caption: string; first: string; list: StatRow[] }) {
  return (
    <table>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th>{first}</th>
          <th className="num">Verified shares</th>
          <th className="num">Unverified</th>
          <th className="num">Unique clicks</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.key}>
            <td>{r.label}</td>
            <td className="num">{formatInt(r.shares)}</td>
            <td className="num">{formatInt(r.unverified)}</td>
            <td className="num">{formatInt(r.uniqueClicks)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Analytics() {
  const d = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const exportHref = (table: string) => `/analytics/export?${withParam(search, "table", table)}`;
  const totalShares = d.byNetwork.reduce((s, r) => s + r.shares, 0);
  const totalUnverified = d.byNetwork.reduce((s, r) => s + r.unverified, 0);
  const totalClicks = d.byNetwork.reduce((s, r) => s + r.uniqueClicks, 0);
  const rated = d.adoption.filter((r) => r.rate !== null);
  const averageAdoption = rated.length ? rated.reduce((sum, r) => sum + (r.rate ?? 0), 0) / rated.length : null;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1 style={{ margin: 0 }}>Analytics</h1>
          <p className="muted" style={{ margin: "0.25rem 0 0" }}>
            {d.filters.teamLocked
              ? `Your team: ${d.teams[0]?.name ?? "no team assigned"}`
              : "What the advocacy program moves"}{" "}
            · {d.filters.from} to {d.filters.to}
          </p>
        </div>
      </div>
      <FilterBar from={d.filters.from} to={d.filters.to} problem={d.filters.problem}>
        {d.filters.teamLocked ? null : (
          <FilterSelect
            name="team"
            label="Team"
            value={d.filters.teamId}
            options={d.teams.map((t) => ({ value: t.id, label: t.name }))}
            allLabel="All teams"
          />
        )}
        <FilterSelect
          name="network"
          label="Network"
          value={d.filters.network}
          options={NETWORK_OPTIONS}
          allLabel="All networks"
        />
      </FilterBar>

      <div className="grid kpis">
        {/* Verified: posted by Chorus through the network's API. Unverified: the network's share page was
            opened or the text copied, once per rep, item and network; it may not have been posted. */}
        <Kpi label="Verified shares" value={formatInt(totalShares)} testId="kpi-verified" />
        <Kpi label="Unverified shares" value={formatInt(totalUnverified)} testId="kpi-unverified" />
        <Kpi label="Unique clicks" value={formatInt(totalClicks)} />
        <Kpi label="Average weekly adoption" value={formatPct(averageAdoption, 0)} />
        <Kpi label="Earned media value" value={formatMoney(d.emv.total)} />
      </div>

      <ReportCard
        id="adoption"
        title="Adoption"
        description="Advocates who shared at least once that week ÷ people with an account."
        exportHref={exportHref("adoption")}
        isEmpty={!d.adoption.length}
      >
        <table>
          <caption className="sr-only">Adoption per week</caption>
          <thead>
            <tr>
              <th>Week of</th>
              <th className="num">Active advocates</th>
              <th className="num">People with an account</th>
              <th className="num">Adoption</th>
            </tr>
          </thead>
          <tbody>
            {d.adoption.map((r) => (
              <tr key={r.week}>
                <td className="nowrap">{r.week}</td>
                <td className="num">{formatInt(r.active)}</td>
                <td className="num">{formatInt(r.invited)}</td>
                <td className="num">
                  <span className="meter" aria-hidden="true">
                    <span style={{ width: `${Math.round((r.rate ?? 0) * 100)}%` }} />
                  </span>{" "}
                  {formatPct(r.rate, 0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ReportCard>

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

      <ReportCard
        id="emv"
        title="Earned media value"
        description="Unique clicks × CPC + estimated impressions ÷ 1,000 × CPM; rates are set by admins."
        exportHref={exportHref("emv")}
      >
        <table>
          <caption className="sr-only">Earned media value by network</caption>
          <thead>
            <tr>
              <th>Network</th>
              <th className="num">Verified shares</th>
              <th className="num">Unique clicks</th>
              <th className="num">Est. impressions</th>
              <th className="num">Click value</th>
              <th className="num">Impression value</th>
              <th className="num">EMV</th>
            </tr>
          </thead>
          <tbody>
            {d.emv.rows.map((r) => (
              <tr key={r.network}>
                <td>{r.network}</td>
                <td className="num">{formatInt(r.shares)}</td>
                <td className="num">{formatInt(r.uniqueClicks)}</td>
                <td className="num">{formatInt(r.impressions)}</td>
                <td className="num">{formatMoney(r.clickValue)}</td>
                <td className="num">{formatMoney(r.impressionValue)}</td>
                <td className="num">
                  <strong>{formatMoney(r.value)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={6}>Total</th>
              <td className="num">
                <strong>{formatMoney(d.emv.total)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </ReportCard>

      <ReportCard
        id="scores"
        title="Advocate scores"
        description={`Four pillars of 25 over the last 12 weeks: profile and accounts, reach, personalised engagement, consistency.${d.scoreCount > d.scores.length ? ` Top ${d.scores.length} of ${formatInt(d.scoreCount)} reps; the CSV has everyone.` : ""}`}
        exportHref={exportHref("scores")}
        isEmpty={!d.scores.length}
        emptyText="No reps in scope."
      >
        <table>
          <caption className="sr-only">Advocate score per rep</caption>
          <thead>
            <tr>
              <th>Rep</th>
              <th className="num">Score</th>
              <th className="num">Profile</th>
              <th className="num">Reach</th>
              <th className="num">Personalised</th>
              <th className="num">Consistency</th>
              <th>What would raise it</th>
            </tr>
          </thead>
          <tbody>
            {d.scores.map((s) => (
              <tr key={s.userId}>
                <td>
                  {s.name}
                  <div className="muted">{s.teamName ?? "No team"}</div>
                </td>
                <td className="num">
                  <strong>{s.score}</strong>
                </td>
                <td className="num">{s.pillars.profile}</td>
                <td className="num">{s.pillars.reach}</td>
                <td className="num">{s.pillars.personalised}</td>
                <td className="num">{s.pillars.consistency}</td>
                <td className="muted">{s.tips[0] ?? "Top marks on every pillar."}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ReportCard>

      <ReportCard
        id="unshared"
        title="Items nobody shared"
        exportHref={exportHref("unshared")}
        isEmpty={!d.unshared.length}
        emptyText="Every published item was shared at least once in this range."
      >
        <ul className="plain-list">
          {d.unshared.map((i) => (
            <li key={i.id}>
              <span className="badge badge-muted">{i.type}</span> {i.title}
            </li>
          ))}
        </ul>
      </ReportCard>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
