/**
 * Defaults of a reminder query, stated once for every surface that runs one (`haipump remind`,
 * the dashboard's refill board and its calendar feed), so they agree on the same database.
 */

/** Window for "due", days: a refill within it is due, one beyond it upcoming. */
export const DEFAULT_WITHIN_DAYS = 3;

/** Local hour (0–23) of the reminder on or before the due day, in calendars and `remindAt`. */
export const DEFAULT_REMINDER_HOUR = 9;
