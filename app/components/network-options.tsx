import { NETWORK_NAMES, NETWORKS } from "~/domain/networks";

/** The options of a network filter: "any" first (an empty value), then each network by its name. */
export function NetworkOptions({ anyLabel }: { anyLabel: string }) {
  return (
    <>
      <option value="">{anyLabel}</option>
      {NETWORKS.map((n) => (
        <option key={n} value={n}>
          {NETWORK_NAMES[n]}
        </option>
      ))}
    </>
  );
}
