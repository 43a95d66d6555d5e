import { formatInt } from "~/components/report";
import type { ImportReport } from "~/domain/sov/import.server";

/** The rows an import refused, with their line numbers (the first ones, when there are many). */
export function ImportErrors({ report }: { report: ImportReport }) {
  if (!report.errors.length) return null;
  return (
    <table>
      <caption className="table-caption">
        Rows not imported
        {report.errorCount > report.errors.length
          ? ` (first ${report.errors.length} of ${formatInt(report.errorCount)})`
          : ""}
      </caption>
      <thead>
        <tr>
          <th className="num">Line</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {report.errors.map((e, i) => (
          <tr key={`${e.line}-${i}`}>
            <td className="num">{e.line || "—"}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
