import { describe, expect, it } from "vitest";
import { backoffMs, DISPATCH } from "~/domain/dispatch.server";

describe("dispatch backoff", () => {
  it("waits half the ceiling plus a random share of the other half (equal jitter), the ceiling doubling up to 30 minutes", () => {
    const base = DISPATCH.baseBackoffMs;
    // The lowest and highest waits per attempt: never less than half the ceiling, never more than all of it.
    expect([1, 2, 3].map((attempt) => [backoffMs(attempt, () => 0), backoffMs(attempt, () => 1)])).toEqual([
      [base / 2, base],
      [base, 2 * base],
      [2 * base, 4 * base],
    ]);
    expect(backoffMs(2, () => 0.5)).toBe(1.5 * base);
    // Capped: attempt 20 waits between 15 and 30 minutes, like any attempt past the cap.
    expect([backoffMs(20, () => 0), backoffMs(20, () => 1)]).toEqual([
      DISPATCH.maxBackoffMs / 2,
      DISPATCH.maxBackoffMs,
    ]);
    expect(backoffMs(0, () => 1)).toBe(base);
  });
});
