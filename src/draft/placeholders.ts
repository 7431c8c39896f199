/**
 * Text the tool writes where the user has not said yet: `init`'s template, and the interview's recovery
 * file before the change has a title (a draft needs one to be valid). It means one thing wherever it is
 * found: not filled in. `assess` says so, and the interview asks again instead of taking it as an answer.
 */
export const PLACEHOLDER_TITLE = 'Name of the change';
export const PLACEHOLDER_SUMMARY = 'What is changing, for whom, and why.';

/** The title recovery files held before the two placeholders became one; such files may still be resumed. */
const EARLIER_PLACEHOLDER_TITLE = 'Untitled change';

export function isPlaceholderTitle(title: unknown): boolean {
  return title === PLACEHOLDER_TITLE || title === EARLIER_PLACEHOLDER_TITLE;
}

export function isPlaceholderSummary(summary: unknown): boolean {
  return summary === PLACEHOLDER_SUMMARY;
}
