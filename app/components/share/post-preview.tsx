import { useState, type ReactNode } from "react";
import { CoverImage } from "~/components/cover-image";
import { useHydrated } from "~/components/use-hydrated";
import { NETWORK_NAMES, type Network } from "~/domain/networks";

type Card = { title: string; summary: string | null; imageUrl: string | null; url: string };

/** LinkedIn folds a post after about 210 characters behind "…see more". */
export const LINKEDIN_FOLD = 210;
const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

/** How X shows a link (t.co wraps it, 23 counted): no scheme, cut after 25 characters with an ellipsis. */
export function xDisplayUrl(url: string): string {
  const bare = url.replace(/^https?:\/\/(www\.)?/, "");
  return bare.length > 26 ? `${bare.slice(0, 25)}…` : bare;
}

/** The post text with its links shown as links (X: in X's shortened display form). */
function PostText({ text, network }: { text: string; network: Network }) {
  const parts = text.split(URL_PATTERN);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} className="preview-link">
            {network === "x" ? xDisplayUrl(part) : part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** LinkedIn's text: folded after ~210 characters (at a word end) with "…see more", as the feed does. */
function LinkedInText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const hydrated = useHydrated(); // unfolding is the page's script
  if (open || [...text].length <= LINKEDIN_FOLD) return <PostText text={text} network="linkedin" />;
  const cut = [...text].slice(0, LINKEDIN_FOLD).join("");
  const head = cut.slice(0, Math.max(cut.lastIndexOf(" "), LINKEDIN_FOLD - 40)).trimEnd();
  return (
    <>
      <PostText text={head} network="linkedin" />
      <button type="button" className="preview-more" onClick={() => setOpen(true)} disabled={!hydrated}>
        …see more
      </button>
    </>
  );
}

function LinkCard({ card, network }: { card: Card; network: Network }) {
  const domain = domainOf(card.url);
  return (
    <div className={`preview-card preview-card-${network}`}>
      <CoverImage src={card.imageUrl} title={card.title} className="preview-cover" />
      <div className="preview-card-body">
        {network === "facebook" ? <span className="preview-domain">{domain.toUpperCase()}</span> : null}
        <strong>{card.title}</strong>
        {network === "facebook" && card.summary ? <span className="muted">{card.summary}</span> : null}
        {network !== "facebook" ? (
          <span className="preview-domain">{network === "x" ? `From ${domain}` : domain}</span>
        ) : null}
      </div>
    </div>
  );
}

function Author({ network, author }: { network: Network; author: string }) {
  const handle = `@${author.toLowerCase().replace(/[^a-z0-9]+/g, "")}`;
  const meta: Record<Network, ReactNode> = {
    linkedin: "Your headline · now · public",
    x: `${handle} · now`,
    facebook: "Just now · public",
  };
  return (
    <div className="preview-author">
      <span className="preview-avatar" aria-hidden>
        {[...author.trim()][0]?.toUpperCase() ?? "·"}
      </span>
      <span>
        <span className="preview-name">{author}</span>
        <span className="preview-meta">{meta[network]}</span>
      </span>
    </div>
  );
}

/** How the post will look on the network, in that network's own layout: author, text and the link card. */
export function PostPreview({
  network,
  author,
  text,
  card,
}: {
  network: Network;
  author: string;
  text: string;
  card: Card;
}) {
  return (
    <section className="card stack" aria-labelledby="preview-heading">
      <h2 className="flush" id="preview-heading">
        Preview on {NETWORK_NAMES[network]}
      </h2>
      <figure className={`preview preview-${network}`} data-testid="preview" aria-labelledby="preview-heading">
        <Author network={network} author={author} />
        <p className="preview-text">
          {network === "linkedin" ? <LinkedInText text={text} /> : <PostText text={text} network={network} />}
        </p>
        <LinkCard card={card} network={network} />
        <figcaption className="sr-only">
          How your post will look on {NETWORK_NAMES[network]}; the link card comes from the item&apos;s page.
        </figcaption>
      </figure>
    </section>
  );
}
