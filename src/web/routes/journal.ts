import { Hono } from 'hono';
import { failure, inTenant, type Page } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { callerOf, type AppEnv } from '../../platform/http/context.ts';
import { pageQuery, parseInput } from '../../platform/validation.ts';
import { createNote, listNotes, NoteInput } from '../../features/journal/index.ts';
import { html } from '../html.ts';
import type { HouseholdSection } from '../household-sections.ts';
import { renderHouseholdPage } from '../household-sections.ts';
import { journal, noteForm } from '../pages/journal.ts';
import { formOf, requireSignedIn } from '../support.ts';

/** The journal and the note form on the dossier. */
export const journalSection: HouseholdSection = async (tx, caller, household, request) => {
  const page: Page = parseInput(pageQuery, { page: request.query.page ?? 1, pageSize: 20 });
  // The dossier read already settled visibility and permissions: no second check of the same facts.
  const notes = household.permissions.canReadJournal ? await listNotes(tx, caller, household.id, page, household) : null;
  const state = request.state.section === 'note' ? request.state : {};
  return (ctx) => html`${notes?.ok ? journal(ctx, notes.value, household.id) : ''}
    ${household.permissions.canWriteNote ? noteForm(ctx, household, state) : ''}`;
};

export function journalRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/huishoudens/:id/notities', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    const caller = callerOf(c);
    let input;
    try {
      input = parseInput(NoteInput, { ...form, withInterpreter: form.withInterpreter === '1' });
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderHouseholdPage(c, id, { section: 'note', values: form, errors: error.fields }, 422);
      throw error;
    }
    const result = await inTenant(c.get('deps').database, caller, (tx) => createNote(tx, caller, id, input));
    if (!result.ok) throw failure(result);
    return c.redirect(`/huishoudens/${id}?opgeslagen=journal.saved#journaal`, 303);
  });

  return app;
}
