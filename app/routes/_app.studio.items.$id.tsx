import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback } from "~/components/field";
import { ItemDetailsForm } from "~/components/studio/item-details-form";
import { ItemWorkflow } from "~/components/studio/item-workflow";
import { PendingRevision } from "~/components/studio/pending-revision";
import { requireUser, STAFF } from "~/domain/guards.server";
import { addItemToPack, editablePack } from "~/domain/packs.server";
import { approveRevision, rejectRevision } from "~/domain/revisions.server";
import {
  itemInputIn,
  openItemForReview,
  saveItemChanges,
  transitionItem,
  WorkflowError,
  type SaveOutcome,
} from "~/domain/studio.server";
import { toZonedInput } from "~/domain/zoned-time.server";
import { formError, formOk, parseForm } from "~/forms";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Edit item · Studio · Chorus" }];

const idSchema = z.union([z.literal("new"), z.string().uuid()]);
const transitionSchema = z.object({
  intent: z.enum(["submit", "reject", "approve", "publish", "archive"]),
  reason: z.string().trim().max(500).optional(),
});
const revisionSchema = z.object({
  intent: z.enum(["approve_revision", "reject_revision"]),
  revisionId: z.string().uuid("Reload the page and try again"),
  version: z.coerce.number().int().positive("Reload the page and try again"),
  revisionReason: z.string().trim().max(500, "Keep the reason under 500 characters").optional(),
});

function savedMessage(revision: SaveOutcome["revision"]) {
  if (revision?.kind === "pending") {
    const fields = revision.changes.map((c) => c.label.toLowerCase()).join(", ");
    return `Saved. Your changes to the ${fields} wait for another marketer's review; reps keep seeing the approved version.`;
  }
  if (revision?.kind === "withdrawn")
    return "Saved. Your changes matched the approved version again, so the pending revision was withdrawn.";
  return "Saved.";
}
/** A new item written from a pack's page goes straight into that pack. */
const packParam = z.string().uuid().nullable().catch(null);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  const timeZone = user.timeZone;
  if (id.data === "new") return { item: null, userId: user.id, timeZone, approvedTitle: null, revision: null };
  // Opening the page records, for a reviewer, which version they were shown (decision 020).
  const opened = await openItemForReview(context.db, { itemId: id.data, viewerId: user.id });
  if (!opened) throw notFound();
  const { item, revision } = opened;
  // With a revision pending, the editor shows (and saves over) the proposal; reps still get the approved fields.
  const fields = revision ? { ...item, ...revision.proposed } : item;
  return {
    userId: user.id,
    timeZone,
    approvedTitle: item.title,
    item: {
      ...fields,
      publishAt: toZonedInput(item.publishAt, timeZone),
      expiresAt: toZonedInput(item.expiresAt, timeZone),
      createdAt: item.createdAt.toISOString(),
      updatedAt: item.updatedAt.toISOString(),
    },
    revision: revision
      ? {
          id: revision.id,
          authorId: revision.authorId,
          authorName: revision.authorName,
          version: revision.version,
          updatedAt: revision.updatedAt.toISOString(),
          changes: revision.changes,
        }
      : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return formError("Unknown item.", 404);
  const formData = await request.formData();
  if (formData.get("intent") === "save") {
    const parsed = parseForm(itemInputIn(user.timeZone), formData);
    if (!parsed.ok) return formError(parsed.errors);
    try {
      const packId = id.data === "new" ? packParam.parse(formData.get("pack")) : null;
      // Refuse before saving, so a closed pack does not leave a stray item behind.
      if (packId) await editablePack(context.db, packId);
      const { id: saved, revision } = await saveItemChanges(context.db, {
        actorId: user.id,
        input: parsed.data,
        itemId: id.data === "new" ? undefined : id.data,
      });
      if (packId) {
        await addItemToPack(context.db, { actorId: user.id, packId, itemId: saved });
        return redirect(`/studio/packs/${packId}?added=${saved}`);
      }
      if (id.data === "new") return redirect(`/studio/items/${saved}?created=1`);
      return formOk(savedMessage(revision));
    } catch (e) {
      if (e instanceof WorkflowError) return formError(e.message, 409);
      throw e;
    }
  }
  if (formData.get("intent") === "approve_revision" || formData.get("intent") === "reject_revision") {
    const parsed = parseForm(revisionSchema, formData);
    if (!parsed.ok || id.data === "new")
      return formError({ form: "Reload the page and try again.", ...(parsed.ok ? {} : parsed.errors) });
    const { intent, revisionId, version, revisionReason } = parsed.data;
    try {
      if (intent === "approve_revision") {
        await approveRevision(context.db, { revisionId, actorId: user.id, version });
        return formOk("Changes approved: reps see the new version now.");
      }
      const status = await rejectRevision(context.db, { revisionId, actorId: user.id, reason: revisionReason });
      return formOk(
        status === "withdrawn" ? "Your changes were withdrawn." : "Changes rejected; reps keep the approved version.",
      );
    } catch (e) {
      if (e instanceof WorkflowError)
        return formError({ [/why/.test(e.message) ? "revisionReason" : "form"]: e.message }, 409);
      throw e;
    }
  }
  const parsed = parseForm(transitionSchema, formData);
  if (!parsed.ok || id.data === "new")
    return formError({ form: "Choose an action.", ...(parsed.ok ? {} : parsed.errors) });
  try {
    const to = await transitionItem(context.db, {
      itemId: id.data,
      actorId: user.id,
      action: parsed.data.intent,
      reason: parsed.data.reason,
    });
    return formOk(`Moved to ${to.replace("_", " ")}.`);
  } catch (e) {
    if (e instanceof WorkflowError)
      return formError({ [parsed.data.intent === "reject" ? "reason" : "form"]: e.message }, 409);
    throw e;
  }
}

/** What the item page's loader gives its pieces (app/components/studio). */
export type StudioItemData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function StudioItem() {
  const { item, userId, timeZone, approvedTitle, revision } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const result = useActionData<typeof action>();
  const packId = item ? null : params.get("pack");
  // Shown once, right after "Create item"; the reply of any later action replaces it.
  const created =
    item && params.get("created") && !result ? `Created “${approvedTitle}”. Send it to review when it is ready.` : null;
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const busy = navigation.state !== "idle";
  const status = item?.status ?? "draft";
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{approvedTitle ?? "New item"}</h1>
          <p className="muted">
            {packId ? <Link to={`/studio/packs/${packId}`}>← Pack</Link> : <Link to="/studio">← Studio</Link>}{" "}
            {item ? <span className="badge">{status.replace("_", " ")}</span> : null}
          </p>
        </div>
      </div>
      <ActionFeedback status={result?.status ?? created} error={errors.form} />
      {item ? <ItemWorkflow status={status} authorId={item.createdBy} userId={userId} errors={errors} /> : null}
      {revision ? (
        <PendingRevision revision={revision} userId={userId} errors={errors} />
      ) : item && (status === "approved" || status === "published") ? (
        <p className="muted">
          This item is {status}: changes to its URL, title, summary, image, messages, locked flag or disclosure go to
          another marketer for review first, and reps keep the approved version until then. Type, tags, language and
          dates change at once.
        </p>
      ) : null}
      <ItemDetailsForm
        key={`${item?.updatedAt ?? "new"}-${revision?.version ?? 0}`}
        item={item}
        packId={packId}
        timeZone={timeZone}
        errors={errors}
        busy={busy}
      />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
