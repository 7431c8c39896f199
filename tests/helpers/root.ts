import { join } from 'node:path';

/** The checkout the tests run in. */
export const ROOT = join(import.meta.dirname, '..', '..');
