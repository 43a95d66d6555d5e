import { formatInt, formatPct, ReportCard } from "~/components/report";
import type { AdoptionRow } from "~/domain/analytics/adoption.server";

/** Weekly adoption: active advocates ÷ people with an account, with a meter per week. */
export function AdoptionCard({ adoption, exportHref }: { adoption: AdoptionRow[]; exportHref: string }) {
  return (
    <ReportCard
      id="adoption"
      title="Adoption"
      description="Advocates who shared at least once that week ÷ people with an account."
      exportHref={exportHref}
      isEmpty={!adoption.length}
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
          {adoption.map((r) => (
            <tr key={r.week}>
              <td className="nowrap">{r.week}</td>
              <td className="num">{formatInt(r.active)}</td>
              <td className="num">{formatInt(r.invited)}</td>
              <td className="num">
                <span className="meter" aria-hidden="true">
                  {/* The one style left: the meter's fill is the week's own number. */}
                  <span style={{ width: `${Math.round((r.rate ?? 0) * 100)}%` }} />
                </span>{" "}
                {formatPct(r.rate, 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ReportCard>
  );
}
