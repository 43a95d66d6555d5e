import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CoverImage } from "~/components/cover-image";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getShareableItem, pickMessageFor, teammatesWhoShared } from "~/domain/content.server";
import { requireUser } from "~/domain/guards.server";
import { NETWORK_NAMES, NETWORKS } from "~/domain/networks";
import { countForNetwork, NETWORK_LIMITS } from "~/domain/text-length";
import { notFound } from "~/http/responses.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.item.title ?? "Item"} · Chorus` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = z.string().uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const item = await getShareableItem(context.db, { itemId: id.data, user });
  if (!item) throw notFound("This item is not available to share.");
  const messages = await Promise.all(
    NETWORKS.map(async (id) => ({
      id,
      label: NETWORK_NAMES[id],
      ...(await pickMessageFor(context.db, { itemId: item.id, network: id, userId: user.id })),
    })),
  );
  const teammates = await teammatesWhoShared(context.db, { itemId: item.id, teamId: user.teamId, userId: user.id });
  return { item, messages, teammates };
}

export default function ItemPage() {
  const { item, messages, teammates } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="muted">
            <Link to="/library">← Library</Link> <span className="badge">{item.type}</span>{" "}
            {item.locked ? <span className="badge">text locked</span> : null}
          </p>
          <h1>{item.title}</h1>
          <p className="muted">{item.summary}</p>
        </div>
      </div>
      <div className="grid">
        {messages.map((m) => {
          const text = [m.body, item.disclosure].filter(Boolean).join(" ");
          const count = countForNetwork(`${text}\n${item.url}`, m.id);
          return (
            <section key={m.id} className="card stack" aria-label={`${m.label} preview`}>
              <h2>{m.label}</h2>
              <p className="pre-wrap">{text}</p>
              <div className="card">
                <CoverImage src={item.imageUrl} title={item.title} className="item-page-cover" />
                <strong>{item.title}</strong>
                <p className="muted">{new URL(item.url).hostname}</p>
              </div>
              <p className="muted">
                {count}/{NETWORK_LIMITS[m.id]} characters
              </p>
              <div className="row">
                <Link
                  className="button button-small"
                  to={`/share/${item.id}?network=${m.id}`}
                  aria-label={`Share on ${m.label}`}
                >
                  Share
                </Link>
                <Link
                  className="button button-small button-secondary"
                  to={`/share/${item.id}?network=${m.id}&schedule=1`}
                  aria-label={`Schedule on ${m.label}`}
                >
                  Schedule
                </Link>
              </div>
            </section>
          );
        })}
      </div>
      <section className="card" aria-label="Shared by my team">
        <h2>Shared by my team</h2>
        {teammates.length === 0 ? (
          <p className="muted">Nobody on your team has shared this yet — be the first.</p>
        ) : (
          <p>{teammates.map((t) => t.name).join(", ")}</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
