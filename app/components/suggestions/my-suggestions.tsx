import { Link } from "@remix-run/react";
import type { SuggestData } from "~/routes/_app.suggest";

const OUTCOME = { pending: "Waiting for marketing", accepted: "Accepted", declined: "Declined" } as const;

/** The rep's own suggestions with marketing's answer, and a link once one is in the library. */
export function MySuggestions({ suggestions }: { suggestions: SuggestData["suggestions"] }) {
  return (
    <section className="card" aria-labelledby="my-suggestions">
      <h2 id="my-suggestions">Your suggestions</h2>
      {suggestions.length === 0 ? (
        <p className="muted">You have not suggested anything yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Page</th>
              <th scope="col">Sent</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {suggestions.map((s) => (
              <tr key={s.id}>
                <td className="break-all">
                  {s.url}
                  {s.note ? <div className="muted">{s.note}</div> : null}
                </td>
                <td>{s.createdOn}</td>
                <td>
                  <span
                    className={`badge${s.status === "declined" ? " badge-danger" : s.status === "accepted" ? " badge-ok" : " badge-muted"}`}
                  >
                    {OUTCOME[s.status]}
                  </span>
                  {s.reason ? <div className="muted">{s.reason}</div> : null}
                  {s.itemId && s.itemStatus === "published" ? (
                    <div>
                      <Link to={`/items/${s.itemId}`}>Now in the library</Link>
                    </div>
                  ) : s.status === "accepted" ? (
                    <div className="muted">Marketing is preparing the post.</div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
