import { Hono } from 'hono';
import { failure, inTenant, type Page } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { callerOf, type AppEnv } from '../../platform/http/context.ts';
import { pageQuery, parseInput } from '../../platform/validation.ts';
import { checkUpload, downloadHeaders, createNote, listNotes, NoteInput, readAttachment, type AttachmentUpload } from '../../features/journal/index.ts';
import type { FieldError } from '../../platform/errors.ts';
import type { Ctx } from '../../platform/http/context.ts';
import { html } from '../html.ts';
import type { HouseholdSection } from '../household-sections.ts';
import { renderHouseholdPage } from '../household-sections.ts';
import { journal, noteForm } from '../pages/journal.ts';
import { requireSignedIn } from '../support.ts';

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

  // The note form is multipart (an optional letter or photo); the CSRF middleware reads `_csrf` from it too.
  app.post('/huishoudens/:id/notities', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const { form, file } = await noteFormOf(c);
    const caller = callerOf(c);
    const errors: FieldError[] = [];
    let input;
    try {
      input = parseInput(NoteInput, { ...form, withInterpreter: form.withInterpreter === '1' });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'VALIDATION')) throw error;
      errors.push(...error.fields);
    }
    if (file) {
      try {
        checkUpload(file);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'VALIDATION')) throw error;
        errors.push(...error.fields);
      }
    }
    // The text stays in the re-rendered form; a browser cannot refill a file input, the message says so.
    if (errors.length || !input) return renderHouseholdPage(c, id, { section: 'note', values: form, errors }, 422);
    const note = input;
    const result = await inTenant(c.get('deps').database, caller, (tx) => createNote(tx, caller, id, note, file ?? undefined));
    if (!result.ok) throw failure(result);
    return c.redirect(`/huishoudens/${id}?opgeslagen=journal.saved#journaal`, 303);
  });

  // A download: the stored (generated) name only; never cached, never sniffed, always saved as a file.
  app.get('/bijlagen/:storedName', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readAttachment(tx, caller, c.req.param('storedName')));
    if (!result.ok) throw failure(result);
    return c.body(new Uint8Array(result.value.content), 200, downloadHeaders(result.value));
  });

  return app;
}

/** The note form's text fields and its optional file (an empty file input sends a nameless, empty part). */
async function noteFormOf(c: Ctx): Promise<{ form: Record<string, string>; file: AttachmentUpload | null }> {
  const body = await c.req.parseBody();
  const form: Record<string, string> = {};
  let file: AttachmentUpload | null = null;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') form[key] = value;
    else if (key === 'attachment' && value instanceof File && (value.size > 0 || value.name)) {
      file = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
  }
  return { form, file };
}
