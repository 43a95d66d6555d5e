import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { libraryForUser } from "~/domain/content.server";
import { requireUser } from "~/domain/guards.server";

export const meta: MetaFunction = () => [{ title: "Library · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { user, items: await libraryForUser(context.db, user) };
}

export default function Library() {
  const { user, items } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Library</h1>
          <p className="muted">Hi {user.name.split(" ")[0]}, here is what marketing has ready for you to share.</p>
        </div>
      </div>
      {items.length === 0 ? (
        <p className="card">Nothing to share yet. Marketing has not published any content.</p>
      ) : (
        <ul className="grid" aria-label="Content items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {items.map((item) => (
            <li key={item.id} className="card item-card">
              {item.imageUrl ? <img src={item.imageUrl} alt="" loading="lazy" /> : null}
              <span className="badge">{item.type}</span>
              <h3>{item.title}</h3>
              <p>{item.summary}</p>
              <div className="row" style={{ marginTop: "auto" }}>
                <Link className="button button-small" to={`/share/${item.id}`} aria-label={`Share ${item.title}`}>
                  Share
                </Link>
                <Link className="button button-small button-secondary" to={`/share/${item.id}?network=x`} aria-label={`Share ${item.title} on X`}>
                  On X
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
