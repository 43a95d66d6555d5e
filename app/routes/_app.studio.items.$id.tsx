import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SelectField, TextAreaField } from "~/components/field";
import { CONTENT_TYPES } from "~/domain/content-types";
import { requireUser, STAFF } from "~/domain/guards.server";
import { getStudioItem, itemInput, saveItem, transitionItem, WorkflowError } from "~/domain/studio.server";
import { countForNetwork, NETWORK_LIMITS } from "~/domain/text-length";
import { parseForm, type FieldErrors } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Edit item · Studio · Chorus" }];

const idSchema = z.union([z.literal("new"), z.string().uuid()]);
const transitionSchema = z.object({ intent: z.enum(["submit", "reject", "approve", "publish", "archive"]), reason: z.string().trim().max(500).optional() });
const STUDIO_NETWORKS = ["linkedin", "x", "facebook"] as const;
const NETWORK_LABEL = { linkedin: "LinkedIn", x: "X", facebook: "Facebook" } as const;
const toLocalInput = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  if (id.data === "new") return { item: null, userId: user.id };
  const item = await getStudioItem(context.db, id.data);
  if (!item) throw new Response("Not found", { status: 404 });
  return { userId: user.id, item: { ...item, publishAt: toLocalInput(item.publishAt), expiresAt: toLocalInput(item.expiresAt), createdAt: item.createdAt.toISOString(), updatedAt: item.updatedAt.toISOString() } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const id = idSchema.safeParse(params.id);
  if (!id.success) return data({ errors: { form: "Unknown item." } as FieldErrors, status: null }, { status: 404 });
  const formData = await request.formData();
  if (formData.get("intent") === "save") {
    const parsed = parseForm(itemInput, formData);
    if (!parsed.ok) return data({ errors: parsed.errors, status: null }, { status: 400 });
    try {
      const saved = await saveItem(context.db, user.id, parsed.data, id.data === "new" ? undefined : id.data);
      if (id.data === "new") return redirect(`/studio/items/${saved}`);
      return data({ errors: {} as FieldErrors, status: "Saved." });
    } catch (e) {
      if (e instanceof WorkflowError) return data({ errors: { form: e.message } as FieldErrors, status: null }, { status: 409 });
      throw e;
    }
  }
  const parsed = parseForm(transitionSchema, formData);
  if (!parsed.ok || id.data === "new") return data({ errors: { form: "Choose an action.", ...(parsed.ok ? {} : parsed.errors) } as FieldErrors, status: null }, { status: 400 });
  try {
    const to = await transitionItem(context.db, { itemId: id.data, actorId: user.id, action: parsed.data.intent, reason: parsed.data.reason });
    return data({ errors: {} as FieldErrors, status: `Moved to ${to.replace("_", " ")}.` });
  } catch (e) {
    if (e instanceof WorkflowError) return data({ errors: { [parsed.data.intent === "reject" ? "reason" : "form"]: e.message } as FieldErrors, status: null }, { status: 409 });
    throw e;
  }
}

function MessageField({ network, initial, error }: { network: (typeof STUDIO_NETWORKS)[number]; initial: string; error?: string }) {
  const [text, setText] = useState(initial);
  const counts = text.split(/\n-{3,}\n/).map((m) => m.trim()).filter(Boolean).map((m) => countForNetwork(m, network));
  const limit = NETWORK_LIMITS[network];
  return (
    <div>
      <TextAreaField
        label={`${NETWORK_LABEL[network]} messages`}
        name={`messages_${network}`}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={error}
        hint="Write alternatives separated by a line with ---; each rep gets a different one."
      />
      <p className="muted" aria-live="polite" data-testid={`count-${network}`}>
        {counts.length === 0 ? "No message yet" : counts.map((c, i) => `#${i + 1}: ${c}/${limit}${c > limit ? " (too long)" : ""}`).join(" · ")}
        {network === "x" ? " — every URL counts as 23" : ""}
      </p>
    </div>
  );
}

export default function StudioItem() {
  const { item, userId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: FieldErrors = result?.errors ?? {};
  const busy = navigation.state !== "idle";
  const status = item?.status ?? "draft";
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{item ? item.title : "New item"}</h1>
          <p className="muted">
            <Link to="/studio">← Studio</Link> {item ? <span className="badge">{status.replace("_", " ")}</span> : null}
          </p>
        </div>
      </div>
      {result?.status ? (
        <p className="notice" role="status">
          {result.status}
        </p>
      ) : null}
      <FormError message={errors.form} />
      {item ? (
        <Form method="post" className="card row" aria-label="Workflow">
          {status === "draft" ? <button name="intent" value="submit">Send to review</button> : null}
          {status === "in_review" && item.createdBy !== userId ? <button name="intent" value="approve">Approve</button> : null}
          {status === "in_review" && item.createdBy === userId ? <span className="muted">Waiting for another marketer to review.</span> : null}
          {status === "in_review" ? (
            <>
              <Field label="Reason to send back" name="reason" error={errors.reason} />
              <button name="intent" value="reject" className="button-secondary">
                Send back to draft
              </button>
            </>
          ) : null}
          {status === "approved" ? <button name="intent" value="publish">Publish</button> : null}
          {status !== "archived" ? (
            <button name="intent" value="archive" className="button-secondary">
              Archive
            </button>
          ) : null}
        </Form>
      ) : null}
      <Form method="post" className="card stack" aria-label="Item details" key={item?.updatedAt ?? "new"}>
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
        <Field label="Title" name="title" defaultValue={item?.title ?? ""} error={errors.title} required />
        <TextAreaField label="Summary" name="summary" rows={3} defaultValue={item?.summary ?? ""} error={errors.summary} />
        <Field label="URL" name="url" type="url" defaultValue={item?.url ?? ""} error={errors.url} required />
        <Field label="Image URL" name="imageUrl" type="url" defaultValue={item?.imageUrl ?? ""} error={errors.imageUrl} />
        <Field label="Tags" name="tags" defaultValue={item?.tags.join(", ") ?? ""} error={errors.tags} hint="Comma separated" />
        <div className="grid">
          <Field label="Publish at (UTC)" name="publishAt" type="datetime-local" defaultValue={item?.publishAt ?? ""} error={errors.publishAt} />
          <Field label="Expires at (UTC)" name="expiresAt" type="datetime-local" defaultValue={item?.expiresAt ?? ""} error={errors.expiresAt} />
        </div>
        <div className="row">
          <label>
            <input type="checkbox" name="locked" defaultChecked={item?.locked ?? false} /> Locked: reps may not edit the text
          </label>
        </div>
        <Field label="Disclosure line" name="disclosure" defaultValue={item?.disclosure ?? ""} error={errors.disclosure} hint="Always appended, e.g. #employee" />
        {STUDIO_NETWORKS.map((n) => (
          <MessageField key={n} network={n} initial={(item?.messages[n] ?? []).join("\n---\n")} error={errors[`messages_${n}`]} />
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
