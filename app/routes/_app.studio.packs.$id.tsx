import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, Field, SelectField, TextAreaField } from "~/components/field";
import { StudioTabs } from "~/components/studio-tabs";
import { listTeams } from "~/domain/admin.server";
import { requireUser, STAFF } from "~/domain/guards.server";
import {
  addItemToPack,
  approvePackItems,
  archivePack,
  getPack,
  itemsAvailableForPack,
  moveItemInPack,
  packInput,
  publishPack,
  removeItemFromPack,
  reorderPack,
  savePack,
  submitPackItems,
} from "~/domain/packs.server";
import { WorkflowError } from "~/domain/studio.server";
import { parseForm, type FieldErrors } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Pack · Studio · Chorus" }];

const idSchema = z.union([z.literal("new"), z.string().uuid()]);
const itemId = z.string({ required_error: "Choose an item" }).uuid("Choose an item");
const packAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), itemId }),
  z.object({ intent: z.literal("remove"), itemId }),
  z.object({ intent: z.literal("move"), itemId, direction: z.enum(["up", "down"]) }),
  z.object({
    intent: z.literal("reorder"),
    order: z.preprocess((v) => [v ?? []].flat(), z.array(z.string().uuid()).max(500)),
  }),
  z.object({ intent: z.enum(["submit-items", "approve-items", "publish", "archive"]) }),
]);
const toLocalInput = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const teams = await listTeams(context.db);
  if (id.data === "new") return { userId: user.id, teams, pack: null, available: [] };
  const [pack, available] = await Promise.all([
    getPack(context.db, id.data),
    itemsAvailableForPack(context.db, id.data),
  ]);
  if (!pack) throw new Response("Not found", { status: 404 });
  return {
    userId: user.id,
    teams,
    available,
    pack: {
      ...pack,
      startsAt: toLocalInput(pack.startsAt),
      endsAt: toLocalInput(pack.endsAt),
      publishedAt: pack.publishedAt?.toISOString() ?? null,
      createdAt: pack.createdAt.toISOString(),
      updatedAt: pack.updatedAt.toISOString(),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return data({ errors: { form: "Unknown pack." }, status: null }, { status: 404 });
  const formData = await request.formData();
  try {
    if (formData.get("intent") === "save") {
      const parsed = parseForm(packInput, formData);
      if (!parsed.ok) return data({ errors: parsed.errors, status: null }, { status: 400 });
      const saved = await savePack(context.db, user.id, parsed.data, id.data === "new" ? undefined : id.data);
      if (id.data === "new") return redirect(`/studio/packs/${saved}`);
      return data({ errors: {}, status: "Pack saved." });
    }
    if (id.data === "new") return data({ errors: { form: "Save the pack first." }, status: null }, { status: 400 });
    const parsed = parseForm(packAction, formData);
    if (!parsed.ok)
      return data(
        { errors: { form: parsed.errors.itemId ?? "Choose an action.", ...parsed.errors }, status: null },
        { status: 400 },
      );
    const packId = id.data;
    const a = parsed.data;
    let status: string;
    switch (a.intent) {
      case "add":
        await addItemToPack(context.db, user.id, packId, a.itemId);
        status = "Item added to the pack.";
        break;
      case "remove":
        await removeItemFromPack(context.db, user.id, packId, a.itemId);
        status = "Item removed from the pack.";
        break;
      case "move":
        await moveItemInPack(context.db, user.id, packId, a.itemId, a.direction);
        status = `Item moved ${a.direction}.`;
        break;
      case "reorder":
        await reorderPack(context.db, user.id, packId, a.order);
        status = "New order saved.";
        break;
      case "submit-items": {
        const n = await submitPackItems(context.db, user.id, packId);
        status = n ? `${n} item${n === 1 ? "" : "s"} sent to review.` : "No draft items to send to review.";
        break;
      }
      case "approve-items": {
        const { approved, ownSkipped } = await approvePackItems(context.db, user.id, packId);
        status = `${approved} item${approved === 1 ? "" : "s"} approved.${ownSkipped ? ` ${ownSkipped} of your own wait for another marketer.` : ""}`;
        break;
      }
      case "publish":
        await publishPack(context.db, user.id, packId);
        status = "Pack published: its items are in the library of the teams it targets.";
        break;
      case "archive":
        await archivePack(context.db, user.id, packId);
        status = "Pack archived.";
        break;
    }
    return data({ errors: {}, status });
  } catch (e) {
    if (e instanceof WorkflowError) return data({ errors: { form: e.message }, status: null }, { status: 409 });
    throw e;
  }
}

type LoadedPack = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["pack"]>;

/** The pack's items in order: drag a row, or use the up/down buttons (keyboard and screen readers). */
function PackItems({ pack, userId }: { pack: LoadedPack; userId: string }) {
  const fetcher = useFetcher<typeof action>();
  // The dragged order shows at once and until the saved order comes back; otherwise the server's.
  const [dragOrder, setDragOrder] = useState<typeof pack.items | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  useEffect(() => {
    if (fetcher.state === "idle") setDragOrder(null);
  }, [fetcher.state]);
  const order = dragOrder ?? pack.items;
  const editable = pack.status !== "archived";
  const drop = (targetId: string) => {
    if (!dragging || dragging === targetId) return;
    const next = order.filter((i) => i.itemId !== dragging);
    next.splice(
      next.findIndex((i) => i.itemId === targetId),
      0,
      order.find((i) => i.itemId === dragging)!,
    );
    setDragOrder(next);
    setDragging(null);
    const form = new FormData();
    form.set("intent", "reorder");
    for (const item of next) form.append("order", item.itemId);
    fetcher.submit(form, { method: "post" });
  };
  if (!order.length)
    return <p className="muted">No items yet. Add existing items below or write a new one for this pack.</p>;
  return (
    <ol className="pack-items" aria-label="Items in this pack">
      {order.map((item, index) => (
        <li
          key={item.itemId}
          draggable={editable}
          onDragStart={() => setDragging(item.itemId)}
          onDragOver={(e) => e.preventDefault()}
          onDrop={() => drop(item.itemId)}
          className={dragging === item.itemId ? "dragging" : undefined}
        >
          <span className="drag-handle" aria-hidden="true">
            ⠿
          </span>
          <span style={{ flex: 1 }}>
            <Link to={`/studio/items/${item.itemId}`}>{item.title}</Link> <span className="muted">· {item.type}</span>
          </span>
          <span className={`badge${item.status === "published" || item.status === "approved" ? " badge-ok" : ""}`}>
            {item.status.replace("_", " ")}
            {item.status === "in_review" && item.createdBy === userId ? " (yours)" : ""}
          </span>
          {editable ? (
            <>
              <Form method="post" className="row" style={{ gap: "0.25rem" }}>
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="itemId" value={item.itemId} />
                <button
                  className="button-small button-secondary"
                  name="direction"
                  value="up"
                  disabled={index === 0}
                  aria-label={`Move ${item.title} up`}
                >
                  ↑
                </button>
                <button
                  className="button-small button-secondary"
                  name="direction"
                  value="down"
                  disabled={index === order.length - 1}
                  aria-label={`Move ${item.title} down`}
                >
                  ↓
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="itemId" value={item.itemId} />
                <button
                  className="button-small button-danger"
                  name="intent"
                  value="remove"
                  aria-label={`Remove ${item.title} from the pack`}
                >
                  Remove
                </button>
              </Form>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export default function StudioPack() {
  const { pack, teams, available, userId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const errors: FieldErrors = result?.errors ?? {};
  const busy = navigation.state !== "idle";
  const added = params.get("added");
  const counts = pack
    ? {
        draft: pack.items.filter((i) => i.status === "draft").length,
        review: pack.items.filter((i) => i.status === "in_review" && i.createdBy !== userId).length,
      }
    : null;
  const ready = pack
    ? pack.items.length > 0 && pack.items.every((i) => i.status === "approved" || i.status === "published")
    : false;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{pack ? pack.title : "New pack"}</h1>
          <p className="muted">
            <Link to="/studio/packs">← Packs</Link> {pack ? <span className="badge">{pack.status}</span> : null}
          </p>
        </div>
        {pack && pack.status !== "archived" ? (
          <Link className="button" to={`/studio/items/new?pack=${pack.id}`}>
            New item in this pack
          </Link>
        ) : null}
      </div>
      <StudioTabs />
      <ActionFeedback
        status={result?.status ?? (added ? "Item created and added to the pack." : null)}
        error={errors.form}
      />
      {pack ? (
        <section className="card stack" aria-labelledby="pack-items-heading">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <h2 id="pack-items-heading" style={{ margin: 0 }}>
              Items ({pack.items.length})
            </h2>
            {pack.status === "draft" ? (
              <Form method="post" className="row" aria-label="Pack workflow">
                {counts!.draft ? (
                  <button name="intent" value="submit-items" className="button-secondary" disabled={busy}>
                    Send {counts!.draft} draft{counts!.draft === 1 ? "" : "s"} to review
                  </button>
                ) : null}
                {counts!.review ? (
                  <button name="intent" value="approve-items" className="button-secondary" disabled={busy}>
                    Approve {counts!.review} item{counts!.review === 1 ? "" : "s"}
                  </button>
                ) : null}
                <button
                  name="intent"
                  value="publish"
                  disabled={busy || !ready}
                  title={ready ? undefined : "Every item must be approved first"}
                >
                  Publish pack
                </button>
              </Form>
            ) : pack.status === "published" ? (
              <span className="muted">
                Published{" "}
                {pack.publishedAt
                  ? new Date(pack.publishedAt).toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC"
                  : ""}
              </span>
            ) : null}
          </div>
          <PackItems pack={pack} userId={userId} />
          {pack.status !== "archived" ? (
            <Form method="post" className="row" aria-label="Add an item">
              <div style={{ flex: 1, minWidth: 280 }}>
                <SelectField label="Add an existing item" name="itemId" defaultValue="" error={errors.itemId}>
                  <option value="" disabled>
                    Choose an item…
                  </option>
                  {available.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.title} ({item.status.replace("_", " ")})
                    </option>
                  ))}
                </SelectField>
              </div>
              <button name="intent" value="add" className="button-secondary" disabled={busy}>
                Add to pack
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <Form method="post" className="card stack form-wide" aria-label="Pack details" key={pack?.updatedAt ?? "new"}>
        <Field label="Title" name="title" defaultValue={pack?.title ?? ""} error={errors.title} required />
        <TextAreaField
          label="Description"
          name="description"
          rows={3}
          defaultValue={pack?.description ?? ""}
          error={errors.description}
        />
        <Field
          label="Cover image URL"
          name="coverUrl"
          defaultValue={pack?.coverUrl ?? ""}
          error={errors.coverUrl}
          hint="An https:// URL or a site path such as /covers/event.svg"
        />
        <div className="grid">
          <Field
            label="Live from (UTC)"
            name="startsAt"
            type="datetime-local"
            defaultValue={pack?.startsAt ?? ""}
            error={errors.startsAt}
            hint="Empty: as soon as it is published"
          />
          <Field
            label="Live until (UTC)"
            name="endsAt"
            type="datetime-local"
            defaultValue={pack?.endsAt ?? ""}
            error={errors.endsAt}
            hint="Empty: until archived"
          />
        </div>
        <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0, gap: "0.4rem" }}>
          <legend style={{ fontWeight: 600, marginBottom: "0.4rem" }}>Target teams</legend>
          <p className="field-hint" style={{ margin: 0 }}>
            Leave all unticked to offer the pack to everyone.
          </p>
          <div className="row">
            {teams.map((team) => (
              <label key={team.id}>
                <input
                  type="checkbox"
                  name="teamIds"
                  value={team.id}
                  defaultChecked={pack?.teamIds.includes(team.id) ?? false}
                />{" "}
                {team.name}
              </label>
            ))}
          </div>
          {errors.teamIds ? (
            <p className="field-error" role="alert">
              {errors.teamIds}
            </p>
          ) : null}
        </fieldset>
        <div className="row">
          <button type="submit" name="intent" value="save" disabled={busy || pack?.status === "archived"}>
            {pack ? "Save pack" : "Create pack"}
          </button>
          {pack && pack.status !== "archived" ? (
            <button type="submit" name="intent" value="archive" className="button-secondary" formNoValidate>
              Archive pack
            </button>
          ) : null}
        </div>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
