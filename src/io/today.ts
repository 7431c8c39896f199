import { UsageError } from '../load/errors.js';
import { cleanLine } from '../render/sanitize.js';

/**
 * Today's date, YYYY-MM-DD (UTC): GP_CHANGE_TODAY when set (tests and reproducible reports), else the
 * clock's. A GP_CHANGE_TODAY that is not a real date is refused: read as text it would silently move
 * every acknowledgement's expiry.
 */
export function today(): string {
  const set = process.env.GP_CHANGE_TODAY;
  if (!set) return new Date().toISOString().slice(0, 10);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(set);
  const time = Date.parse(`${set}T00:00:00Z`);
  const real = m && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === set;
  if (!m || !real) throw new UsageError(`GP_CHANGE_TODAY must be a real date written YYYY-MM-DD; got "${cleanLine(set)}"`);
  return set;
}
