import { formatInt } from "~/components/report";
import type { StatRow } from "~/domain/analytics/program-stats.server";

/** Verified shares, unverified ones and unique clicks per row of one dimension (network, team, week…). */
export function StatTable({ caption, first, list }: { caption: string; first: string; list: StatRow[] }) {
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
