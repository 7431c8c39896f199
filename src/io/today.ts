/** Today's date, YYYY-MM-DD (UTC): GP_CHANGE_TODAY when set (tests and reproducible reports), else the clock's. */
export function today(): string {
  return process.env.GP_CHANGE_TODAY || new Date().toISOString().slice(0, 10);
}
