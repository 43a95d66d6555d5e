import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { TableScroll } from "./table-scroll";

/**
 * The pages' top heading is the page title, so a page's own headings start one level below it: `#` is an h2,
 * `##` and `###` are h3 (as the hand-written renderer did), deeper ones h4.
 */
const heading =
  (Tag: "h2" | "h3" | "h4"): Components["h1"] =>
  ({ node: _node, children, ...props }) => <Tag {...props}>{children}</Tag>;

const COMPONENTS: Components = {
  h1: heading("h2"),
  h2: heading("h3"),
  h3: heading("h3"),
  h4: heading("h4"),
  h5: heading("h4"),
  h6: heading("h4"),
  // A link whose target the URL filter dropped (javascript: and the like) is shown as its text.
  a: ({ node: _node, href, children, ...props }) =>
    href ? (
      <a href={href} {...props} rel="noopener noreferrer" target="_blank">
        {children}
      </a>
    ) : (
      <>{children}</>
    ),
  table: ({ node: _node, ...props }) => (
    <TableScroll label="Table">
      <table {...props} />
    </TableScroll>
  ),
};

/** The text without a first `# Title` line that only repeats the page's own h1. */
function withoutTitle(source: string, title: string): string {
  const text = source.trimStart();
  const [first = "", ...rest] = text.split("\n");
  return first.replace(/^#\s+/, "").trim() === title.trim() && first.startsWith("# ") ? rest.join("\n") : text;
}

/**
 * Markdown for policy and help pages, GitHub-flavoured (tables, numbered and task lists, code, strikethrough)
 * through react-markdown. It builds React elements, never HTML strings; raw HTML in the text stays text (no
 * rehype-raw), and link targets other than safe protocols are dropped by react-markdown's URL filter. With
 * `title`, a first `# …` line equal to it is left out: the page shows the title as its one h1 already.
 */
export function Markdown({ source, title }: { source: string; title?: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={COMPONENTS}>
        {title ? withoutTitle(source, title) : source}
      </ReactMarkdown>
    </div>
  );
}
