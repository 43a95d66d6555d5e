import { NETWORK_NAMES, type Network } from "~/domain/networks";

/** How the post will look on the network: author, text and (except on X) the link card. */
export function PostPreview({
  network,
  author,
  text,
  card,
}: {
  network: Network;
  author: string;
  text: string;
  card: { title: string; summary: string | null; imageUrl: string | null };
}) {
  return (
    <section className="card stack" aria-labelledby="preview-heading">
      <h2 className="flush" id="preview-heading">
        Preview on {NETWORK_NAMES[network]}
      </h2>
      <div className={`preview preview-${network}`} data-testid="preview">
        <div className="preview-author">{author}</div>
        <p className="preview-text">{text}</p>
        {network !== "x" ? (
          <div className="preview-card">
            {card.imageUrl ? <img src={card.imageUrl} alt="" /> : null}
            <strong>{card.title}</strong>
            <span className="muted">{card.summary}</span>
          </div>
        ) : null}
      </div>
    </section>
  );
}
