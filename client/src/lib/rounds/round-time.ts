const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/**
 * A moment of a round, as short as it can be read: "10:04" today, "12 Mar, 10:04" otherwise
 * (the full date and time go in a title beside it).
 */
export function formatRoundTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return (sameDay ? timeFormat : dayTimeFormat).format(at);
}
