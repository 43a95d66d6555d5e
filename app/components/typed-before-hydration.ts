import { useEffect, useRef, type ChangeEvent, type ChangeEventHandler } from "react";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * What a person typed or picked in a controlled field before the page's scripts ran. React keeps that text in the
 * input when it hydrates, but the component's state still holds the server's value, so what the page does with it
 * (a search, a count) acted on the old value. Once, after hydration, a DOM value that differs from `value` is handed
 * to `onChange` as if typed then. A field mounted later (client navigation) holds `value` already: nothing happens.
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
    if (el.value !== String(value)) onChange({ target: el, currentTarget: el } as unknown as ChangeEvent<E>);
    // Once, at mount: later changes come through onChange itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return ref;
}
