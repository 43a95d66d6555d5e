import { NETWORK_NAMES } from "~/domain/networks";
import type { QueueData } from "~/routes/_app.queue";
import { TableScroll } from "../table-scroll";

type Props = { days: QueueData["days"]; upcoming: QueueData["upcoming"] };

/** The next seven days as a table: a column per day named like "Mon 7 Dec", the scheduled posts below. */
export function WeekCalendar({ days, upcoming }: Props) {
  const scheduled = upcoming.filter((s) => s.status === "scheduled" && s.scheduledLocal);
  return (
    <section aria-labelledby="week-heading">
      <h2 id="week-heading">This week</h2>
      <TableScroll label="This week">
        <table className="week-table">
          <caption className="sr-only">Posts scheduled in the next seven days</caption>
          <thead>
            <tr>
              {days.map((day) => (
                <th key={day.date} scope="col">
                  {day.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {days.map((day) => {
                const posts = scheduled.filter((s) => s.scheduledLocal?.date === day.date);
                return (
                  <td key={day.date}>
                    {posts.length ? (
                      <ul className="list-unstyled week-posts">
                        {posts.map((s) => (
                          <li key={s.id} className="week-entry">
                            {s.scheduledLocal?.time} {NETWORK_NAMES[s.network]}
                            <span className="week-entry-title">: {s.itemTitle}</span>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <>
                        <span className="muted" aria-hidden="true">
                          –
                        </span>
                        <span className="sr-only">Nothing</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
