import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { useTypedBeforeHydration } from "./typed-before-hydration";

interface FieldShell {
  label: string;
  error?: string;
  hint?: ReactNode;
}

function Shell({ id, label, error, hint, children }: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function described(id: string, error?: string, hint?: ReactNode) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** A labelled input with its error beside it, linked by aria-describedby for screen readers. */
export function Field({ label, error, hint, ...props }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const ref = useTypedBeforeHydration(props.value, props.onChange);
  return (
    <Shell id={id} label={label} error={error} hint={hint}>
      <input
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
        {...props}
      />
    </Shell>
  );
}

export function SelectField({
  label,
  error,
  hint,
  children,
  ...props
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const ref = useTypedBeforeHydration(props.value, props.onChange);
  return (
    <Shell id={id} label={label} error={error} hint={hint}>
      <select
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
        {...props}
      >
        {children}
      </select>
    </Shell>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  ...props
}: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const ref = useTypedBeforeHydration(props.value, props.onChange);
  return (
    <Shell id={id} label={label} error={error} hint={hint}>
      <textarea
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, error, hint)}
        {...props}
      />
    </Shell>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}

/** What an action did ("Saved.") and what went wrong with the form as a whole, above the form. */
export function ActionFeedback({ status, error }: { status?: string | null; error?: string }) {
  return (
    <>
      {status ? (
        <p className="notice" role="status">
          {status}
        </p>
      ) : null}
      <FormError message={error} />
    </>
  );
}

/** The first message of a form reply's field errors: one line for a small form that shows one message. */
export function firstError(errors: Record<string, string | undefined>): string | undefined {
  return Object.values(errors).find(Boolean);
}
