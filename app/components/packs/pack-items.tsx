import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { LoadedPack } from "~/routes/_app.studio.packs.$id";

/** The pack's items in order: drag a row, or use the up/down buttons (keyboard and screen readers). */
export function PackItems({ pack, userId }: { pack: LoadedPack; userId: string }) {
  const fetcher = useFetcher();
  // The dragged order shows at once and until the saved order comes back; otherwise the server's.
  const [dragOrder, setDragOrder] = useState<typeof pack.items | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  useEffect(() => {
    if (fetcher.state === "idle") setDragOrder(null);
  }, [fetcher.state]);
  const order = dragOrder ?? pack.items;
  const editable = pack.status !== "archived";
  const drop = (targetId: string) => {
    if (!dragging || dragging === targetId) return;
    const moved = order.find((i) => i.itemId === dragging);
    if (!moved) return;
    const next = order.filter((i) => i.itemId !== dragging);
    next.splice(
      next.findIndex((i) => i.itemId === targetId),
      0,
      moved,
    );
    setDragOrder(next);
    setDragging(null);
    const form = new FormData();
    form.set("intent", "reorder");
    for (const item of next) form.append("order", item.itemId);
    fetcher.submit(form, { method: "post" });
  };
  if (!order.length)
    return <p className="muted">No items yet. Add approved items below or write a new one for this pack.</p>;
  return (
    <ol className="pack-items" aria-label="Items in this pack">
      {order.map((item, index) => (
        <PackItemRow
          key={item.itemId}
          item={item}
          userId={userId}
          first={index === 0}
          last={index === order.length - 1}
          editable={editable}
          dragging={dragging === item.itemId}
          onDragStart={() => setDragging(item.itemId)}
          onDrop={() => drop(item.itemId)}
        />
      ))}
    </ol>
  );
}

/** One item of the pack: drag handle, title, status, and (while the pack is open) move and remove buttons. */
function PackItemRow({
  item,
  userId,
  first,
  last,
  editable,
  dragging,
  onDragStart,
  onDrop,
}: {
  item: LoadedPack["items"][number];
  userId: string;
  first: boolean;
  last: boolean;
  editable: boolean;
  dragging: boolean;
  onDragStart: () => void;
  onDrop: () => void;
}) {
  return (
    <li
      draggable={editable}
      onDragStart={onDragStart}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
      className={dragging ? "dragging" : undefined}
    >
      <span className="drag-handle" aria-hidden="true">
        ⠿
      </span>
      <span className="grow">
        <Link to={`/studio/items/${item.itemId}`}>{item.title}</Link> <span className="muted">· {item.type}</span>
      </span>
      <span className={`badge${item.status === "published" || item.status === "approved" ? " badge-ok" : ""}`}>
        {item.status.replace("_", " ")}
        {item.status === "in_review" && item.createdBy === userId ? " (yours)" : ""}
      </span>
      <ReviewLink item={item} userId={userId} />
      {editable ? (
        <>
          <Form method="post" className="row gap-xs">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="itemId" value={item.itemId} />
            <button
              className="button-small button-secondary"
              name="direction"
              value="up"
              disabled={first}
              aria-label={`Move ${item.title} up`}
            >
              ↑
            </button>
            <button
              className="button-small button-secondary"
              name="direction"
              value="down"
              disabled={last}
              aria-label={`Move ${item.title} down`}
            >
              ↓
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="itemId" value={item.itemId} />
            <button
              className="button-small button-danger"
              name="intent"
              value="remove"
              aria-label={`Remove ${item.title} from the pack`}
            >
              Remove
            </button>
          </Form>
        </>
      ) : null}
    </li>
  );
}

/** An item in review by someone else: the way to its page, where it is read and approved (decision 020). */
function ReviewLink({ item, userId }: { item: LoadedPack["items"][number]; userId: string }) {
  if (item.status !== "in_review" || item.createdBy === userId) return null;
  return (
    <Link className="button button-small" to={`/studio/items/${item.itemId}`} aria-label={`Review ${item.title}`}>
      Review
    </Link>
  );
}
