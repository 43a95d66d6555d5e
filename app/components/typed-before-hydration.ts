import { useEffect, useRef, type ChangeEvent, type ChangeEventHandler } from "react";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

declare global {
  interface Window {
    /** What was typed before hydration, by control id (EARLY_INPUT_SCRIPT); gone once the page has hydrated. */
    __chorusTyped?: { values: Record<string, string>; stop(): void };
  }
}

/**
 * An inline script in the page's head (root.tsx): until the app hydrates it notes each control's value, by id, as
 * the person types or picks. React resets a textarea to the server's text when it hydrates, so the DOM alone cannot
 * say what was typed there; inputs and selects keep it, and the note agrees with them.
 */
export const EARLY_INPUT_SCRIPT = `(function(){var v={};function r(e){var t=e.target;if(t&&t.id&&"value"in t)v[t.id]=String(t.value)}document.addEventListener("input",r,true);document.addEventListener("change",r,true);window.__chorusTyped={values:v,stop:function(){document.removeEventListener("input",r,true);document.removeEventListener("change",r,true);delete window.__chorusTyped}}})()`;

/** Ends the early notes: called by the root after the first render's effects, where every field has read them. */
export function stopEarlyInput() {
  window.__chorusTyped?.stop();
}

/**
 * What a person typed or picked in a controlled field before the page's scripts ran. The component's state still
 * holds the server's value, so what the page did with it (a search, a count, the text a form sends) acted on the old
 * value. Once, after hydration, a typed value that differs from `value` is handed to `onChange` as if typed then.
 * A field mounted later (client navigation) finds no note and holds `value` already: nothing happens.
 * Attach the returned ref to the control.
 */
export function useTypedBeforeHydration<E extends Control>(
  value: string | number | readonly string[] | undefined,
  onChange: ChangeEventHandler<E> | undefined,
) {
  const ref = useRef<E>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || value === undefined || Array.isArray(value) || !onChange) return;
    const typed = (el.id ? window.__chorusTyped?.values[el.id] : undefined) ?? el.value;
    if (typed === String(value)) return;
    el.value = typed;
    onChange({ target: el, currentTarget: el } as unknown as ChangeEvent<E>);
    // Once, at mount: later changes come through onChange itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return ref;
}
