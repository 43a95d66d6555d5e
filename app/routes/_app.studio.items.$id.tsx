import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ActionFeedback, Field, SelectField, TextAreaField } from "~/components/field";
import { RevisionDiff } from "~/components/revision-diff";
import { CONTENT_TYPES } from "~/domain/content-types";
import { requireUser, STAFF } from "~/domain/guards.server";
import { NETWORK_NAMES, NETWORKS, type Network } from "~/domain/networks";
import type { OpenGraphResult } from "~/domain/open-graph.server";
import { addItemToPack, editablePack } from "~/domain/packs.server";
import { approveRevision, pendingRevisionFor, rejectRevision } from "~/domain/revisions.server";
import {
  getStudioItem,
  itemInput,
  saveItemChanges,
  transitionItem,
  WorkflowError,
  type SaveOutcome,
} from "~/domain/studio.server";
import { countForNetwork, NETWORK_LIMITS } from "~/domain/text-length";
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
const toLocalInput = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");
/** A new item written from a pack's page goes straight into that pack. */
const packParam = z.string().uuid().nullable().catch(null);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw notFound();
  if (id.data === "new") return { item: null, userId: user.id, approvedTitle: null, revision: null };
  const item = await getStudioItem(context.db, id.data);
  if (!item) throw notFound();
  // With a revision pending, the editor shows (and saves over) the proposal; reps still get the approved fields.
  const revision = await pendingRevisionFor(context.db, id.data);
  const fields = revision ? { ...item, ...revision.proposed } : item;
  return {
    userId: user.id,
    approvedTitle: item.title,
    item: {
      ...fields,
      publishAt: toLocalInput(item.publishAt),
      expiresAt: toLocalInput(item.expiresAt),
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
    const parsed = parseForm(itemInput, formData);
    if (!parsed.ok) return formError(parsed.errors);
    try {
      const packId = id.data === "new" ? packParam.parse(formData.get("pack")) : null;
      // Refuse before saving, so a closed pack does not leave a stray item behind.
      if (packId) await editablePack(context.db, packId);
      const { id: saved, revision } = await saveItemChanges(
        context.db,
        user.id,
        parsed.data,
        id.data === "new" ? undefined : id.data,
      );
      if (packId) {
        await addItemToPack(context.db, user.id, packId, saved);
        return redirect(`/studio/packs/${packId}?added=${saved}`);
      }
      if (id.data === "new") return redirect(`/studio/items/${saved}`);
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

function MessageField({ network, initial, error }: { network: Network; initial: string; error?: string }) {
  const [text, setText] = useState(initial);
  const counts = text
    .split(/\n-{3,}\n/)
    .map((m) => m.trim())
    .filter(Boolean)
    .map((m) => countForNetwork(m, network));
  const limit = NETWORK_LIMITS[network];
  return (
    <div>
      <TextAreaField
        label={`${NETWORK_NAMES[network]} messages`}
        name={`messages_${network}`}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={error}
        hint="Write alternatives separated by a line with ---; each rep gets a different one."
      />
      <p className="muted" aria-live="polite" data-testid={`count-${network}`}>
        {counts.length === 0
          ? "No message yet"
          : counts.map((c, i) => `#${i + 1}: ${c}/${limit}${c > limit ? " (too long)" : ""}`).join(" · ")}
        {network === "x" ? " — every URL counts as 23" : ""}
      </p>
    </div>
  );
}

/** Reads the page at the URL field and fills title, summary and image where they are still empty. */
function useOpenGraphPrefill(formRef: React.RefObject<HTMLFormElement | null>) {
  const fetcher = useFetcher<OpenGraphResult>();
  const [filled, setFilled] = useState<string[]>([]);
  const lastUrl = useRef("");
  const field = (name: string) =>
    formRef.current?.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
  const propose = () => {
    const url = field("url");
    // Leaving the field and pressing the button both propose; one read per URL is enough.
    if (!url?.value || !url.checkValidity() || url.value === lastUrl.current) return;
    lastUrl.current = url.value;
    fetcher.load(`/studio/open-graph?${new URLSearchParams({ url: url.value })}`);
  };
  useEffect(() => {
    const result = fetcher.data;
    if (result && !result.ok) lastUrl.current = ""; // a failed read may be tried again
    if (!result?.ok) return;
    const done: string[] = [];
    for (const [name, value, label] of [
      ["title", result.title, "title"],
      ["summary", result.summary, "summary"],
      ["imageUrl", result.imageUrl, "image"],
    ] as const) {
      const input = field(name);
      if (input && value && !input.value.trim()) {
        input.value = value;
        done.push(label);
      }
    }
    setFilled(done);
  }, [fetcher.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const message =
    fetcher.state === "loading"
      ? "Reading the page…"
      : !fetcher.data
        ? null
        : fetcher.data.ok
          ? filled.length
            ? `Filled the ${filled.join(", ")} from the page; check and edit them.`
            : "The page's details were found; your own text was kept."
          : fetcher.data.message;
  return { propose, message, failed: fetcher.state === "idle" && fetcher.data?.ok === false };
}

export default function StudioItem() {
  const { item, userId, approvedTitle, revision } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const packId = item ? null : params.get("pack");
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const busy = navigation.state !== "idle";
  const status = item?.status ?? "draft";
  const formRef = useRef<HTMLFormElement>(null);
  const prefill = useOpenGraphPrefill(formRef);
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
      <ActionFeedback status={result?.status} error={errors.form} />
      {item ? (
        <Form method="post" className="card row" aria-label="Workflow">
          {status === "draft" ? (
            <button name="intent" value="submit">
              Send to review
            </button>
          ) : null}
          {status === "in_review" && item.createdBy !== userId ? (
            <button name="intent" value="approve">
              Approve
            </button>
          ) : null}
          {status === "in_review" && item.createdBy === userId ? (
            <span className="muted">Waiting for another marketer to review.</span>
          ) : null}
          {status === "in_review" ? (
            <>
              <Field label="Reason to send back" name="reason" error={errors.reason} />
              <button name="intent" value="reject" className="button-secondary">
                Send back to draft
              </button>
            </>
          ) : null}
          {status === "approved" ? (
            <button name="intent" value="publish">
              Publish
            </button>
          ) : null}
          {status !== "archived" ? (
            <button name="intent" value="archive" className="button-secondary">
              Archive
            </button>
          ) : null}
        </Form>
      ) : null}
      {revision ? (
        <section className="card stack" aria-label="Pending revision">
          <h2>Pending revision by {revision.authorName}</h2>
          <p className="muted">Reps keep seeing the approved version until another marketer approves these changes.</p>
          <RevisionDiff changes={revision.changes} caption="Changed fields, approved and proposed" />
          <Form method="post" className="row">
            <input type="hidden" name="revisionId" value={revision.id} />
            <input type="hidden" name="version" value={revision.version} />
            {revision.authorId === userId ? (
              <span className="muted">Waiting for another marketer to review your changes.</span>
            ) : (
              <>
                <button name="intent" value="approve_revision">
                  Approve changes
                </button>
                <Field label="Reason to reject" name="revisionReason" error={errors.revisionReason} />
              </>
            )}
            <button name="intent" value="reject_revision" className="button-secondary">
              {revision.authorId === userId ? "Withdraw my changes" : "Reject changes"}
            </button>
          </Form>
        </section>
      ) : item && (status === "approved" || status === "published") ? (
        <p className="muted">
          This item is {status}: changes to its URL, title, summary, image, messages, locked flag or disclosure go to
          another marketer for review first, and reps keep the approved version until then. Type, tags, language and
          dates change at once.
        </p>
      ) : null}
      <Form
        method="post"
        className="card stack form-wide"
        aria-label="Item details"
        key={`${item?.updatedAt ?? "new"}-${revision?.version ?? 0}`}
        ref={formRef}
      >
        {packId ? <input type="hidden" name="pack" value={packId} /> : null}
        <div className="grid">
          <SelectField label="Type" name="type" defaultValue={item?.type ?? "article"} error={errors.type}>
            {CONTENT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </SelectField>
          <Field label="Language" name="language" defaultValue={item?.language ?? "en"} error={errors.language} />
        </div>
        <div className="row row-end">
          <div className="grow-280">
            <Field
              label="URL"
              name="url"
              type="url"
              defaultValue={item?.url ?? ""}
              error={errors.url}
              required
              onBlur={item ? undefined : prefill.propose}
            />
          </div>
          <button type="button" className="button-secondary" onClick={prefill.propose}>
            Read the page
          </button>
        </div>
        {prefill.message ? (
          <p className={prefill.failed ? "field-error" : "muted"} role="status" aria-live="polite">
            {prefill.message}
          </p>
        ) : null}
        <Field label="Title" name="title" defaultValue={item?.title ?? ""} error={errors.title} required />
        <TextAreaField
          label="Summary"
          name="summary"
          rows={3}
          defaultValue={item?.summary ?? ""}
          error={errors.summary}
        />
        <Field
          label="Image URL"
          name="imageUrl"
          type="url"
          defaultValue={item?.imageUrl ?? ""}
          error={errors.imageUrl}
        />
        <Field
          label="Tags"
          name="tags"
          defaultValue={item?.tags.join(", ") ?? ""}
          error={errors.tags}
          hint="Comma separated"
        />
        <div className="grid">
          <Field
            label="Publish at (UTC)"
            name="publishAt"
            type="datetime-local"
            defaultValue={item?.publishAt ?? ""}
            error={errors.publishAt}
          />
          <Field
            label="Expires at (UTC)"
            name="expiresAt"
            type="datetime-local"
            defaultValue={item?.expiresAt ?? ""}
            error={errors.expiresAt}
          />
        </div>
        <div className="row">
          <label>
            <input type="checkbox" name="locked" defaultChecked={item?.locked ?? false} /> Locked: reps may not edit the
            text
          </label>
        </div>
        <Field
          label="Disclosure line"
          name="disclosure"
          defaultValue={item?.disclosure ?? ""}
          error={errors.disclosure}
          hint="Always appended, e.g. #employee"
        />
        {NETWORKS.map((n) => (
          <MessageField
            key={n}
            network={n}
            initial={(item?.messages[n] ?? []).join("\n---\n")}
            error={errors[`messages_${n}`]}
          />
        ))}
        <div className="row">
          <button type="submit" name="intent" value="save" disabled={busy}>
            {busy ? "Saving…" : item ? "Save changes" : "Create item"}
          </button>
        </div>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
