import { Form } from "@remix-run/react";
import { useRef } from "react";
import { Field, SelectField, TextAreaField } from "~/components/field";
import { useHydrated } from "~/components/use-hydrated";
import { CONTENT_TYPES } from "~/domain/content-types";
import { NETWORKS } from "~/domain/networks";
import type { FieldErrors } from "~/forms";
import type { StudioItemData } from "~/routes/_app.studio.items.$id";
import { MessageField } from "./message-field";
import { useOpenGraphPrefill } from "./open-graph-prefill";

type Item = StudioItemData["item"];

/** The item's fields; a new item's URL proposes its title, summary and image from the page (Open Graph). */
export function ItemDetailsForm({
  item,
  packId,
  timeZone,
  errors,
  busy,
}: {
  item: Item;
  packId: string | null;
  /** The marketer's IANA zone: the dates are shown and entered in it. */
  timeZone: string;
  errors: FieldErrors;
  busy: boolean;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const prefill = useOpenGraphPrefill(formRef);
  return (
    <Form method="post" className="card stack form-wide" aria-label="Item details" ref={formRef}>
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
      <UrlWithPrefill defaultValue={item?.url ?? ""} error={errors.url} readOnBlur={!item} prefill={prefill} />
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
        inputMode="url"
        defaultValue={item?.imageUrl ?? ""}
        error={errors.imageUrl}
        hint="An https:// URL or a site path such as /covers/article.svg"
      />
      <Field
        label="Tags"
        name="tags"
        defaultValue={item?.tags.join(", ") ?? ""}
        error={errors.tags}
        hint="Comma separated"
      />
      <ItemDeliveryFields item={item} timeZone={timeZone} errors={errors} />
      <div className="row">
        <button type="submit" name="intent" value="save" disabled={busy}>
          {busy ? "Saving…" : item ? "Save changes" : "Create item"}
        </button>
      </div>
    </Form>
  );
}

/** The URL field with its "Read the page" button and what the read found. */
function UrlWithPrefill({
  defaultValue,
  error,
  readOnBlur,
  prefill,
}: {
  defaultValue: string;
  error?: string;
  readOnBlur: boolean;
  prefill: ReturnType<typeof useOpenGraphPrefill>;
}) {
  const hydrated = useHydrated(); // reading the page is the page's script
  return (
    <>
      <div className="row row-end">
        <div className="grow-280">
          <Field
            label="URL"
            name="url"
            type="url"
            defaultValue={defaultValue}
            error={error}
            required
            onBlur={readOnBlur ? prefill.propose : undefined}
          />
        </div>
        <button type="button" className="button-secondary" onClick={prefill.propose} disabled={!hydrated}>
          Read the page
        </button>
      </div>
      {prefill.message ? (
        <p className={prefill.failed ? "field-error" : "muted"} role="status" aria-live="polite">
          {prefill.message}
        </p>
      ) : null}
    </>
  );
}

/** When the item is live, whether reps may edit it, its disclosure and the suggested messages per network. */
function ItemDeliveryFields({ item, timeZone, errors }: { item: Item; timeZone: string; errors: FieldErrors }) {
  return (
    <>
      <div className="grid">
        <Field
          label={`Publish at (${timeZone})`}
          name="publishAt"
          type="datetime-local"
          defaultValue={item?.publishAt ?? ""}
          error={errors.publishAt}
        />
        <Field
          label={`Expires at (${timeZone})`}
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
    </>
  );
}
