import { formatInt, formatMoney, ReportCard } from "~/components/report";
import type { EmvRow } from "~/domain/analytics/emv.server";

/** Earned media value per network and in total. */
export function EmvCard({ emv, exportHref }: { emv: { rows: EmvRow[]; total: number }; exportHref: string }) {
  return (
    <ReportCard
      id="emv"
      title="Earned media value"
      description="Unique clicks × CPC + estimated impressions ÷ 1,000 × CPM; rates are set by admins."
      exportHref={exportHref}
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
          {emv.rows.map((r) => (
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
              <strong>{formatMoney(emv.total)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </ReportCard>
  );
}
