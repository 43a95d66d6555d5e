import { Link } from "@remix-run/react";

/**
 * Previous and next links around the page number, for lists read a page at a time. Styled `.pager`: links a
 * finger can tap on a phone.
 */
export function Pager(props: {
  label: string;
  page: number;
  hasMore: boolean;
  pageLink: (page: number) => string;
  previous: string;
  next: string;
}) {
  const { page, hasMore, pageLink } = props;
  return (
    <nav className="row pager" aria-label={props.label}>
      {page > 1 ? <Link to={pageLink(page - 1)}>{props.previous}</Link> : null}
      <span className="muted">Page {page}</span>
      {hasMore ? <Link to={pageLink(page + 1)}>{props.next}</Link> : null}
    </nav>
  );
}
