import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAudit } from "~/domain/admin.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  return { entries: await listAudit(context.db) };
}

export default function AdminAudit() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <table>
      <caption className="sr-only">Audit log</caption>
      <thead>
        <tr>
          <th>When (UTC)</th>
          <th>Who</th>
          <th>Action</th>
          <th>Target</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 16)}</td>
            <td>{e.actorName ?? "system"}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              {e.targetType} {e.targetId ? <span className="muted">{e.targetId.slice(0, 36)}</span> : null}
            </td>
            <td className="muted">{e.detail ? JSON.stringify(e.detail) : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
