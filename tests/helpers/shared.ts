import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The project's sources beside the checkout (../shared: the guide, PRODUCT.md, the SARIF schema). CI
 * always has them and sets GP_CHANGE_REQUIRE_SHARED, so there a missing folder fails loudly; in a clone
 * elsewhere the tests that read them are skipped, with this reason in their names.
 */
export const SHARED = join(process.cwd(), '..', 'shared');
export const HAVE_SHARED = existsSync(join(SHARED, 'PRODUCT.md'));
export const NO_SHARED_REASON = '(needs ../shared beside the checkout; skipped without it)';

if (!HAVE_SHARED && process.env.GP_CHANGE_REQUIRE_SHARED) {
  throw new Error(`${SHARED} is missing: CI runs with ../shared beside the checkout`);
}

/** A file under ../shared, or '' when the folder is not there (the tests reading it are skipped). */
export function readShared(path: string): string {
  return HAVE_SHARED ? readFileSync(join(SHARED, path), 'utf8') : '';
}
