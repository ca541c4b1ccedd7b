// Text as PostgreSQL's `text` can hold it: never a NUL, never half of a UTF-16 surrogate pair
// standing alone. Graph's JSON can carry either (as an escape); the mirror writer stores such a
// character as U+FFFD rather than fail every run of the integration on one malformed name.

/** Whether `text` can be stored as it is. */
export const isStorableText = (text: string): boolean => text.isWellFormed() && !text.includes("\0");

/** `text` with each character PostgreSQL's text refuses written as U+FFFD. */
export const storableText = (text: string): string =>
  isStorableText(text) ? text : text.toWellFormed().replaceAll("\0", "\ufffd");
