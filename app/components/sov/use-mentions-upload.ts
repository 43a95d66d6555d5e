import { useRevalidator } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import type { ImportReport } from "~/domain/sov/import.server";
import { CSV_IMPORT_BODY_LIMIT } from "~/http/limits";

export const MAX_MB = CSV_IMPORT_BODY_LIMIT / 1024 / 1024;

export type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; loaded: number; total: number }
  | { phase: "processing" }
  | { phase: "done"; report: ImportReport }
  | { phase: "failed"; message: string; report?: ImportReport };

/** What POST /mentions/import answers: the import's report, or an error before the file was read. */
type ImportResponse = ImportReport & { error?: string };

/**
 * The import page's upload: the file is POSTed as the request body with XMLHttpRequest, for upload progress
 * (fetch has none), and the page's data is revalidated once it is imported.
 */
export function useMentionsUpload() {
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const [fileError, setFileError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const revalidator = useRevalidator();
  const busy = state.phase === "uploading" || state.phase === "processing";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) return setFileError("Choose a CSV file to import.");
    if (file.size > MAX_MB * 1024 * 1024)
      return setFileError(`The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_MB} MB.`);
    setFileError(null);
    setState({ phase: "uploading", loaded: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/mentions/import");
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) =>
      setState({ phase: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => setState({ phase: "processing" });
    xhr.onerror = () =>
      setState({ phase: "failed", message: "The upload failed. Check your connection and try again." });
    xhr.onload = () => {
      let body: ImportResponse | null = null;
      try {
        body = JSON.parse(xhr.responseText) as ImportResponse;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        setState({ phase: "done", report: body });
        void revalidator.revalidate();
      } else
        setState({
          phase: "failed",
          message: body?.fatal ?? body?.error ?? `The import failed (HTTP ${xhr.status}).`,
          report: body?.errors ? body : undefined,
        });
    };
    xhr.send(file);
  }

  const report = state.phase === "done" ? state.report : state.phase === "failed" ? state.report : undefined;
  const percent =
    state.phase === "uploading" && state.total
      ? Math.round((state.loaded / state.total) * 100)
      : state.phase === "processing"
        ? 100
        : 0;
  return { state, fileError, inputRef, busy, submit, report, percent };
}
