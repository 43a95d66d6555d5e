import { Link } from "@remix-run/react";
import { formatInt } from "~/components/report";
import type { UploadState } from "./use-mentions-upload";

const kb = (bytes: number) => formatInt(Math.round(bytes / 1024));

/** Progress while the file goes up and is imported, then what was imported or why it failed. */
export function UploadStatus({ state, busy, percent }: { state: UploadState; busy: boolean; percent: number }) {
  return (
    <>
      {busy ? (
        <div className="stack stack-tight">
          <progress max={100} value={percent} aria-label="Import progress">
            {percent}%
          </progress>
          <p className="muted flush" role="status">
            {state.phase === "uploading"
              ? `Uploading and importing… ${percent}% (${kb(state.loaded)} of ${kb(state.total)} KB)`
              : "Finishing the import and updating share of voice…"}
          </p>
        </div>
      ) : null}
      {state.phase === "done" ? (
        <div className="notice" role="status">
          Imported {formatInt(state.report.imported)} of {formatInt(state.report.rows)} rows
          {state.report.duplicates ? `; ${formatInt(state.report.duplicates)} already imported` : ""}
          {state.report.errorCount
            ? `; ${formatInt(state.report.errorCount)} rows had problems (listed below)`
            : ""}. <Link to="/sov">See share of voice</Link>
        </div>
      ) : null}
      {state.phase === "failed" ? (
        <div className="form-error" role="alert">
          {state.message}
        </div>
      ) : null}
    </>
  );
}
