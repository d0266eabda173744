import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { MAX_ATTACHMENT_BYTES } from '../../src/features/journal/schema.ts';
import { demoLetterPdf } from '../../src/features/worklist/demo.ts';

// Journal attachments: multipart note form with CSRF (SES-CSRF), type by magic bytes and size (web hardening),
// one transaction with the note and no second copy on a retry (REL-IDEM), shown and served only to whoever may
// read the note (AUTH-LISTS, AUTH-HIDE), downloads audited (LOG-READ).

let t: TestApp;
const as = signedInAs(() => t);
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.db.database.raw.query<T>(text, params);

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const today = new Date().toISOString().slice(0, 10);
let household: string;
let sensitiveHousehold: string;

function noteForm(client: TestClient, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type?: string }, csrf = true): FormData {
  const form = new FormData();
  if (csrf) form.set('_csrf', client.csrf);
  for (const [k, v] of Object.entries({ occurredOn: today, kind: 'home_visit', durationMinutes: '45', ...fields })) form.set(k, v);
  form.set('attachment', file ? new File([file.bytes], file.name, { type: file.type ?? 'application/octet-stream' }) : new File([], '', { type: 'application/octet-stream' }));
  return form;
}

async function postNote(client: TestClient, id: string, form: FormData): Promise<Response> {
  return client.request(`/huishoudens/${id}/notities`, { method: 'POST', body: form });
}

async function count(table: 'journal_attachments' | 'journal_notes', householdId: string): Promise<number> {
  return (await q<{ n: number }>(`select count(*)::int as n from ${table} where household_id = $1`, [householdId])).rows[0]!.n;
}

before(async () => {
  t = await startTestApp();
  const { rows } = await q<{ household_id: string }>(
    `select household_id from coach_assignments where coach_id = $1 and ended_at is null order by started_at, household_id`, [t.demo.users['coach@thuis.demo']]);
  sensitiveHousehold = (await q<{ household_id: string }>(`select household_id from journal_notes where sensitivity = 'sensitive' limit 1`)).rows[0]!.household_id;
  household = rows.map((r) => r.household_id).find((id) => id !== sensitiveHousehold)!;
});
after(async () => t.close());

describe(`journal attachments on ${TEST_DB_KIND}`, () => {
  test('a note with a photo: stored with the note, listed under it, downloaded as a file and audited', async () => {
    const coach = await as('coach@thuis.demo');
    await coach.page(`/huishoudens/${household}`);
    const form = noteForm(coach, { text: 'Brief van de Belastingdienst bekeken', idempotencyKey: `att-${randomUUID()}` }, { bytes: PNG, name: '../../etc/brief\u202e.png', type: 'image/png' });
    const response = await postNote(coach, household, form);
    assert.equal(response.status, 303);
    const { rows } = await q<{ stored_name: string; original_name: string; media_type: string; byte_size: number; note_id: string }>(
      `select a.stored_name, a.original_name, a.media_type, a.byte_size, a.note_id from journal_attachments a join journal_notes n on n.id = a.note_id
        where a.household_id = $1 and n.text = 'Brief van de Belastingdienst bekeken'`, [household]);
    assert.equal(rows.length, 1);
    const a = rows[0]!;
    assert.equal(a.original_name, 'brief.png', 'no path, no bidi override');
    assert.equal(a.media_type, 'image/png');
    assert.equal(a.byte_size, PNG.length);
    const page = await coach.page(`/huishoudens/${household}`);
    assert.ok(page.html.includes(`href="/bijlagen/${a.stored_name}"`));
    assert.match(page.html, /brief\.png<\/span><\/a>\s*<span class="thuis-attachment__meta">afbeelding \(PNG\), \d+ B/);
    assert.ok(page.html.includes('enctype="multipart/form-data"'));
    const download = await coach.request(`/bijlagen/${a.stored_name}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(download.headers.get('cache-control'), 'no-store');
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="brief.png"; filename*=UTF-8''brief.png`);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
    const audit = await q<{ n: number }>(`select count(*)::int as n from audit_events where action = 'attachment.read' and record_id = $1 and actor_user_id = $2`, [a.stored_name, t.demo.users['coach@thuis.demo']]);
    assert.equal(audit.rows[0]!.n, 1);
    const notes = (await (await coach.json(`/api/v1/households/${household}/notes?pageSize=100`)).json()) as { items: { id: string; attachments: { id: string; name: string }[] }[] };
    assert.deepEqual(notes.items.find((n) => n.id === a.note_id)!.attachments.map((x) => x.id), [a.stored_name]);
  });

  test('a retry with the same idempotency key adds neither a second note nor a second attachment', async () => {
    const coach = await as('coach@thuis.demo');
    await coach.page(`/huishoudens/${household}`);
    const key = `retry-${randomUUID()}`;
    const notesBefore = await count('journal_notes', household);
    const before = await count('journal_attachments', household);
    for (let i = 0; i < 2; i++) {
      const response = await postNote(coach, household, noteForm(coach, { text: 'Zelfde notitie, twee keer verstuurd', idempotencyKey: key }, { bytes: demoLetterPdf(), name: 'brief.pdf', type: 'application/pdf' }));
      assert.equal(response.status, 303);
    }
    assert.equal(await count('journal_notes', household), notesBefore + 1);
    assert.equal(await count('journal_attachments', household), before + 1);
  });

  test('the type comes from the bytes: a text file named .png is refused next to the field, the text is kept', async () => {
    const coach = await as('coach@thuis.demo');
    await coach.page(`/huishoudens/${household}`);
    const before = await count('journal_notes', household);
    const response = await postNote(coach, household, noteForm(coach, { text: 'Mijn tekst blijft staan' }, { bytes: Buffer.from('#!/bin/sh\necho hi\n'), name: 'foto.png', type: 'image/png' }));
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /id="f-attachment-err">Dit soort bestand kan niet/);
    assert.match(html, /aria-invalid="true"[^>]*>|id="f-attachment"[^>]*aria-invalid="true"/);
    assert.ok(html.includes('>Mijn tekst blijft staan</textarea>'));
    assert.ok(html.includes('href="#f-attachment"'), 'the error summary links to the file field');
    assert.equal(await count('journal_notes', household), before, 'no note without its attachment');
  });

  test('more than 10 MB is refused with a translated message; the text is kept', async () => {
    const coach = await as('coach@thuis.demo');
    await coach.page(`/huishoudens/${household}`);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PNG);
    const response = await postNote(coach, household, noteForm(coach, { text: 'Grote foto' }, { bytes: big, name: 'groot.png', type: 'image/png' }));
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /id="f-attachment-err">Het bestand is te groot/);
    assert.ok(html.includes('>Grote foto</textarea>'));
  });

  test('a multipart post without the CSRF token is refused and stores nothing (SES-CSRF)', async () => {
    const coach = await as('coach@thuis.demo');
    await coach.page(`/huishoudens/${household}`);
    const before = await count('journal_attachments', household);
    const forged = await postNote(coach, household, noteForm(coach, { text: 'Vervalst' }, { bytes: PNG, name: 'x.png' }, false));
    assert.equal(forged.status, 403);
    const wrong = noteForm(coach, { text: 'Vervalst' }, { bytes: PNG, name: 'x.png' }, false);
    wrong.set('_csrf', 'not-the-token-of-this-session-at-all');
    assert.equal((await postNote(coach, household, wrong)).status, 403);
    const crossSite = await coach.request(`/huishoudens/${household}/notities`, { method: 'POST', body: noteForm(coach, { text: 'Vervalst' }, { bytes: PNG, name: 'x.png' }), headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 403);
    assert.equal(await count('journal_attachments', household), before);
  });

  test('a volunteer never sees nor downloads the attachment of someone else\'s sensitive note; outsiders get 404 like a random id', async () => {
    const professional = await as('beroepskracht@thuis.demo');
    await professional.page(`/huishoudens/${sensitiveHousehold}`);
    const response = await postNote(professional, sensitiveHousehold, noteForm(professional, { text: 'Brief van de GGZ over de behandeling', sensitivity: 'sensitive' }, { bytes: demoLetterPdf(), name: 'ggz-brief.pdf', type: 'application/pdf' }));
    assert.equal(response.status, 303);
    const stored = (await q<{ stored_name: string }>(`select a.stored_name from journal_attachments a join journal_notes n on n.id = a.note_id
      where a.household_id = $1 and n.sensitivity = 'sensitive'`, [sensitiveHousehold])).rows[0]!.stored_name;
    assert.equal((await professional.request(`/bijlagen/${stored}`)).status, 200);

    const coach = await as('coach@thuis.demo');
    const page = await coach.page(`/huishoudens/${sensitiveHousehold}`);
    assert.equal(page.status, 200);
    assert.ok(!page.html.includes(stored));
    assert.ok(!page.html.includes('ggz-brief'));
    const notes = await (await coach.json(`/api/v1/households/${sensitiveHousehold}/notes?pageSize=100`)).text();
    assert.ok(!notes.includes(stored));
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/terug=[^"]+"/g, '"');
    const hidden = await coach.page(`/bijlagen/${stored}`);
    const random = await coach.page(`/bijlagen/${randomUUID()}`);
    assert.equal(hidden.status, 404);
    assert.equal(random.status, 404);
    assert.equal(strip(hidden.html), strip(random.html));
    const apiHidden = await coach.json(`/api/v1/attachments/${stored}`);
    const apiRandom = await coach.json(`/api/v1/attachments/${randomUUID()}`);
    assert.equal(apiHidden.status, 404);
    assert.equal(await apiHidden.text(), await apiRandom.text());

    const outsider = await as('coordinator@andere.demo');
    assert.equal((await outsider.page(`/bijlagen/${stored}`)).status, 404);
    const other = await as('coach2@thuis.demo');
    assert.equal((await other.page(`/bijlagen/${stored}`)).status, 404, 'another volunteer of the same organisation');
  });

  test('API: upload to your own note as the raw body (declared type ignored), download it; not your note → 403; wrong bytes → 422', async () => {
    const { token } = await createApiToken(t.db.database, t.demo.users['coach@thuis.demo']!, 'att', { requestId: 't', origin: null, actorUserId: null, actorRole: null, organisationId: null });
    const auth = { authorization: `Bearer ${token}` };
    const created = await t.app.request(`/api/v1/households/${household}/notes`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ occurredOn: today, kind: 'phone', durationMinutes: 5, text: 'Foto van brief volgt' }),
    });
    assert.equal(created.status, 201);
    const noteId = ((await created.json()) as { id: string }).id;
    const upload = await t.app.request(`/api/v1/households/${household}/notes/${noteId}/attachments`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('brief één.png') }, body: PNG,
    });
    assert.equal(upload.status, 201);
    const body = (await upload.json()) as { id: string; name: string; mediaType: string; byteSize: number };
    assert.equal(body.mediaType, 'image/png');
    assert.equal(body.name, 'brief één.png');
    const download = await t.app.request(`/api/v1/attachments/${body.id}`, { headers: auth });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.match(download.headers.get('content-disposition')!, /^attachment; filename="brief_e_e_n.png"|^attachment; filename="[\w.\- ]+"; filename\*=UTF-8''brief%20%C3%A9%C3%A9n\.png$/);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);

    const exe = await t.app.request(`/api/v1/households/${household}/notes/${noteId}/attachments`, {
      method: 'POST', headers: { ...auth, 'content-type': 'image/png' }, body: Buffer.from('MZ\x90\x00 not an image'),
    });
    assert.equal(exe.status, 422);

    // A note the volunteer did not write (the professional's normal note in the same household) → 403.
    const foreignNote = (await q<{ id: string }>(`insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes, text)
      select organisation_id, id, $2, $3, 'phone', 5, 'Overleg' from households where id = $1 returning id`,
      [household, t.demo.users['beroepskracht@thuis.demo'], today])).rows[0]!;
    const refused = await t.app.request(`/api/v1/households/${household}/notes/${foreignNote.id}/attachments`, { method: 'POST', headers: { ...auth, 'content-type': 'image/png' }, body: PNG });
    assert.equal(refused.status, 403);
    // A note id of another household (the sensitive one she may not read) → 404.
    const hiddenNote = (await q<{ id: string }>(`select id from journal_notes where sensitivity = 'sensitive' limit 1`)).rows[0]!;
    const hidden = await t.app.request(`/api/v1/households/${household}/notes/${hiddenNote.id}/attachments`, { method: 'POST', headers: { ...auth, 'content-type': 'image/png' }, body: PNG });
    assert.equal(hidden.status, 404);
    // Another organisation's coordinator: 404.
    const { token: outsiderToken } = await createApiToken(t.db.database, t.demo.users['coordinator@andere.demo']!, 'att', { requestId: 't', origin: null, actorUserId: null, actorRole: null, organisationId: null });
    const outsider = await t.app.request(`/api/v1/households/${household}/notes/${noteId}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${outsiderToken}`, 'content-type': 'image/png' }, body: PNG });
    assert.equal(outsider.status, 404);
  });
});
