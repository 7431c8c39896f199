import { draftTemplate } from '../../src/commands/init.js';
import { rb } from './rulebook.js';

/** The draft `gp-change init` writes, as a new user starts from it. */
export function initDraft(role = 'practice'): string {
  return draftTemplate(rb, '../schemas/proposal.schema.json', role, 'my-change');
}
