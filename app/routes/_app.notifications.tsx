import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/guards.server";
import { listNotifications, markAllRead } from "~/domain/notifications.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Notifications · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const list = await listNotifications(context.db, user.id);
  return {
    timeZone: user.timeZone,
    notifications: list.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      read: Boolean(n.readAt),
      createdAt: n.createdAt.toISOString(),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  await markAllRead(context.db, user.id);
  return { ok: true };
}

const ICON: Record<string, string> = { badge: "★", level: "▲", challenge: "⚑", suggestion: "✎" };

export default function Notifications() {
  const { notifications, timeZone } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const unread = notifications.filter((n) => !n.read).length;
  return (
    <div className="stack page-narrow">
      <div className="page-head">
        <div>
          <h1>Notifications</h1>
          <p className="muted">{unread ? `${unread} unread` : "All caught up."}</p>
        </div>
        {unread ? (
          <Form method="post">
            <button type="submit" className="button-secondary" disabled={navigation.state !== "idle"}>
              Mark all as read
            </button>
          </Form>
        ) : null}
      </div>
      {notifications.length === 0 ? (
        <p className="card">Nothing yet. Badges, level-ups, challenges and answers to your suggestions show up here.</p>
      ) : (
        <ul className="stack list-bare gap-md" aria-label="Notifications">
          {notifications.map((n) => (
            <li key={n.id} className={`card notification${n.read ? "" : " unread"}`}>
              <span aria-hidden="true" className="notification-icon">
                {ICON[n.kind] ?? "•"}
              </span>
              <div className="grow">
                <strong>{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</strong>
                {n.read ? null : <span className="sr-only"> (unread)</span>}
                {n.body ? <div className="muted">{n.body}</div> : null}
              </div>
              <time dateTime={n.createdAt} className="muted">
                {new Date(n.createdAt).toLocaleString("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" })}
              </time>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
