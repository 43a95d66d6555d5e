import { useState } from "react";
import { TextAreaField } from "~/components/field";
import { NETWORK_NAMES, type Network } from "~/domain/networks";
import { countForNetwork, NETWORK_LIMITS } from "~/domain/text-length";

/** One network's suggested messages (alternatives separated by ---), each with its live character count. */
export function MessageField({ network, initial, error }: { network: Network; initial: string; error?: string }) {
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
