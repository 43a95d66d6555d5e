import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, string> = {
  400: "The request was not valid.",
  403: "You do not have access to this page.",
  404: "We could not find that page.",
  405: "That action is not allowed here.",
};

/** One error boundary for the root and every route; known statuses get their own message. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  let title = "Something went wrong";
  let detail = "An unexpected error happened. It has been logged; please try again.";
  if (isRouteErrorResponse(error)) {
    title = `${error.status} ${error.statusText || ""}`.trim();
    detail = typeof error.data === "string" && error.data ? error.data : (MESSAGES[error.status] ?? detail);
  } else if (typeof navigator !== "undefined" && typeof document !== "undefined" && !navigator.onLine) {
    // A client-side navigation without a network: say so, and that the page may be out of date (decision 017).
    title = "You are offline";
    detail = "Chorus cannot reach its server. What you see may not be current: reload when you are back online.";
  } else if (typeof document === "undefined") {
    console.error(error);
  }
  return (
    <div className="error-page" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">Back to Chorus</Link>
      </p>
    </div>
  );
}
