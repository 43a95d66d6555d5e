import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Podium, Ranks, rowLabel, splitPodium } from "~/components/meeting/board";
import { movementText } from "~/components/movement";
import type { MeetingBoard } from "~/domain/meeting.server";

type Row = MeetingBoard["rows"][number];

const board = (ranks: number[], movement: (number | null)[] = ranks.map(() => 0)): Row[] =>
  ranks.map((rank, i) => ({
    userId: `u${i}`,
    name: `Person ${String.fromCharCode(65 + i)}`,
    teamName: null,
    points: 1000 - rank * 10,
    rank,
    movement: movement[i] ?? null,
  }));

/** Each list item's aria-label and its visible rank ("#3"), in document order. */
function items(html: string): { label: string; rank: string; className: string }[] {
  return [...html.matchAll(/<li(?: class="([^"]*)")? aria-label="([^"]*)">[\s\S]*?#(?:<!-- -->)?(\d+)<\/span>/g)].map(
    (m) => ({ className: m[1] ?? "", label: m[2] ?? "", rank: `#${m[3]}` }),
  );
}
const render = (component: typeof Podium | typeof Ranks, rows: Row[], showMovement = true) =>
  renderToString(createElement(component, { rows, showMovement }));

describe("meeting mode's podium and ranks", () => {
  it("a tie for third reads #3 on the podium and in the list, and both say they are tied", () => {
    const rows = board([1, 2, 3, 3, 5], [2, -1, 2, null, 0]);
    const podium = items(render(Podium, rows));
    expect(podium.map((p) => p.rank)).toEqual(["#2", "#1", "#3"]);
    expect(podium[2]?.label).toBe("Person C, rank 3, tied, up 2 places, 970 points");
    expect(podium[2]?.className).toContain("mm-step-3");
    const list = items(render(Ranks, rows));
    expect(list.map((p) => [p.rank, p.label])).toEqual([
      ["#3", "Person D, rank 3, tied, new, 970 points"],
      ["#5", "Person E, rank 5, same place, 950 points"],
    ]);
  });

  it("a tie for second stands on the second and third steps, both silver and both #2", () => {
    const podium = items(render(Podium, board([1, 2, 2, 4])));
    expect(podium.map((p) => [p.rank, p.className])).toEqual([
      ["#2", "mm-step mm-step-2"],
      ["#1", "mm-step mm-step-1"],
      ["#2", "mm-step mm-step-2"],
    ]);
  });

  it("a tie for first puts two people on gold steps, and the next one is third", () => {
    const { podium, rest } = splitPodium(board([1, 1, 3, 4]));
    expect(podium.map((r) => r?.rank)).toEqual([1, 1, 3]);
    expect(rest.map((r) => r.rank)).toEqual([4]);
    expect(items(render(Podium, board([1, 1, 3, 4]))).map((p) => p.className)).toEqual([
      "mm-step mm-step-1",
      "mm-step mm-step-1",
      "mm-step mm-step-3",
    ]);
  });

  it("labels carry the movement in words, and leave it out on the all-time board", () => {
    expect([movementText(1), movementText(-2), movementText(0), movementText(null)]).toEqual([
      "up 1 place",
      "down 2 places",
      "same place",
      "new",
    ]);
    const rows = board([1, 2, 3], [-2, 1, 0]);
    expect(rows.map((r) => rowLabel(r, rows, true))).toEqual([
      "Person A, rank 1, down 2 places, 990 points",
      "Person B, rank 2, up 1 place, 980 points",
      "Person C, rank 3, same place, 970 points",
    ]);
    const html = render(Podium, rows, false);
    expect(html).not.toMatch(/place|▲|▼/);
    expect(items(html).map((p) => p.label)).toContain("Person A, rank 1, 990 points");
  });

  it("the podium shows movement marks beside the points", () => {
    const html = render(Podium, board([1, 2, 3], [3, -1, null]));
    expect(html).toContain('aria-label="up 3 places"');
    expect(html).toContain('aria-label="down 1 place"');
    expect(html).toContain('aria-label="new in the ranking"');
  });
});
