import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { can } from '../../platform/policy.ts';
import { pageQuery, parseInput } from '../../platform/validation.ts';
import {
  applyMapping,
  discardBatch,
  IMPORT_FIELDS,
  IMPORT_MODES,
  ImportFileError,
  launchCommit,
  listBatches,
  listMappings,
  MAX_FILE_BYTES,
  mayImport,
  parseImportFile,
  readBatch,
  readRow,
  stageImport,
  startCommit,
  updateRow,
  type ImportMode,
  type RowFilter,
} from '../../features/imports/index.ts';
import { batchPage, importIndexPage, rowEditPage, type BatchPageState, type UploadState } from '../pages/imports.ts';
import { pageContext, requireSignedIn } from '../support.ts';

/** import.manage or 403, with the refusal audited before anything is read (also the upload body). */
async function requireImporter(c: Ctx) {
  requireSignedIn(c);
  const caller = callerOf(c);
  if (!can(caller.actor, 'import.manage')) {
    await inTenant(c.get('deps').database, caller, (tx) => mayImport(tx, caller, `page ${c.req.method}`));
    throw new AppError('FORBIDDEN');
  }
  return caller;
}

async function renderIndex(c: Ctx, state: UploadState = {}, status: 200 | 422 = 200) {
  const caller = callerOf(c);
  const page = parseInput(pageQuery, { page: c.req.query('page') ?? 1, pageSize: 20 });
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const history = await listBatches(tx, caller, page);
    return history.ok ? { ok: true as const, history: history.value, mappings: await listMappings(tx, caller) } : history;
  });
  if (!result.ok) throw failure(result);
  return c.html(importIndexPage(pageContext(c), result.history, result.mappings, state), status);
}

async function renderBatch(c: Ctx, id: string, state: Omit<BatchPageState, 'autoRefresh'> = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const filter: RowFilter = c.req.query('rijen') === 'problemen' ? 'problems' : 'all';
  const page = parseInput(pageQuery, { page: c.req.query('page') ?? 1, pageSize: 50 });
  const result = await inTenant(c.get('deps').database, caller, (tx) => readBatch(tx, caller, id, page, filter));
  if (!result.ok) throw failure(result);
  const autoRefresh = result.value.batch.status === 'committing' && c.req.query('verversen') !== 'nee';
  // Progress without script: the browser reloads the page every 2 seconds while the commit runs. A header, not a
  // <meta refresh>, and with a link to stop it (WCAG 2.2.1: the person can turn the time limit off).
  if (autoRefresh) c.header('Refresh', '2');
  return c.html(batchPage(pageContext(c), result.value.batch, result.value.rows, filter, { ...state, autoRefresh }), status);
}

const NOTICES: Record<string, string> = {
  opgeslagen: 'import.notice.row_saved',
  gekoppeld: 'import.notice.mapped',
  gestart: 'import.notice.commit_started',
  weggegooid: 'import.notice.discarded',
};

function rowNumberOf(c: Ctx): number {
  const n = Number(c.req.param('row'));
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('NOT_FOUND');
  return n;
}

export function importsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/import', async (c) => {
    await requireImporter(c);
    return renderIndex(c);
  });

  app.post('/import', async (c) => {
    const caller = await requireImporter(c);
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_FILE_BYTES + 64 * 1024) return renderIndex(c, { fileError: { key: 'import.file.too_large', values: { count: MAX_FILE_BYTES / 1024 / 1024 } } }, 422);
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return renderIndex(c, { fileError: { key: 'import.file.missing' } }, 422);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let parsed;
    try {
      parsed = await parseImportFile(file.name, bytes, file.type);
    } catch (error) {
      if (error instanceof ImportFileError) return renderIndex(c, { fileError: { key: error.messageKey, values: error.values } }, 422);
      throw error;
    }
    const mappingId = typeof body.mapping === 'string' && body.mapping ? body.mapping : undefined;
    let result;
    try {
      result = await inTenant(c.get('deps').database, caller, (tx) => stageImport(tx, caller, {
        fileName: file.name.replace(/[\\/]/g, '_').slice(0, 200) || 'import',
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
        file: parsed,
        ...(mappingId ? { mappingId } : {}),
      }));
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderIndex(c, { errors: error.fields }, 422);
      throw error;
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`/import/${result.value.id}`, 303);
  });

  app.get('/import/:id', async (c) => {
    await requireImporter(c);
    const notice = NOTICES[c.req.query('melding') ?? ''];
    return renderBatch(c, c.req.param('id'), notice ? { notice } : {});
  });

  app.post('/import/:id/koppeling', async (c) => {
    const caller = await requireImporter(c);
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string') values[k] = v;
    // The form names columns by position; the batch knows their headers.
    const current = await inTenant(c.get('deps').database, caller, (tx) => readBatch(tx, caller, id, { page: 1, pageSize: 1 }));
    if (!current.ok) throw failure(current);
    const mapping: Record<string, string> = {};
    current.value.batch.headers.forEach((header, index) => { mapping[header] = values[`col${index}`] ?? ''; });
    try {
      const result = await inTenant(c.get('deps').database, caller, (tx) =>
        applyMapping(tx, caller, id, { version: Number(values.version), mapping, ...(values.saveAs ? { saveAs: values.saveAs } : {}) }));
      if (!result.ok) {
        if (result.error === 'CONFLICT') return renderBatch(c, id, { notice: 'import.notice.changed' }, 409);
        throw failure(result);
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderBatch(c, id, { errors: error.fields, mappingValues: values }, 422);
      throw error;
    }
    return c.redirect(`/import/${id}?melding=gekoppeld`, 303);
  });

  app.post('/import/:id/vastleggen', async (c) => {
    const caller = await requireImporter(c);
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const mode = (IMPORT_MODES as readonly string[]).includes(String(form.mode)) ? (String(form.mode) as ImportMode) : null;
    const includeDuplicates = form.includeDuplicates === '1';
    if (!mode) return renderBatch(c, id, { errors: [{ field: 'mode', message: 'import.error.mode_choose' }] }, 422);
    const deps = c.get('deps');
    try {
      const result = await inTenant(deps.database, caller, (tx) => startCommit(tx, caller, id, { mode, includeDuplicates, version: Number(form.version) }));
      if (!result.ok) {
        if (result.error === 'CONFLICT') return renderBatch(c, id, { notice: 'import.notice.changed' }, 409);
        throw failure(result);
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderBatch(c, id, { errors: error.fields, commit: { mode, includeDuplicates } }, 422);
      throw error;
    }
    // The work runs in this process, in the background; the page shows its progress.
    void launchCommit(deps.database, caller, id, deps.logger);
    return c.redirect(`/import/${id}?melding=gestart`, 303);
  });

  app.post('/import/:id/weggooien', async (c) => {
    const caller = await requireImporter(c);
    const id = c.req.param('id');
    const result = await inTenant(c.get('deps').database, caller, (tx) => discardBatch(tx, caller, id));
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderBatch(c, id, { notice: 'import.notice.changed' }, 409);
      throw failure(result);
    }
    return c.redirect(`/import/${id}?melding=weggegooid`, 303);
  });

  app.get('/import/:id/rijen/:row', async (c) => {
    const caller = await requireImporter(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readRow(tx, caller, c.req.param('id'), rowNumberOf(c)));
    if (!result.ok) throw failure(result);
    return c.html(rowEditPage(pageContext(c), result.value));
  });

  app.post('/import/:id/rijen/:row', async (c) => {
    const caller = await requireImporter(c);
    const id = c.req.param('id');
    const rowNumber = rowNumberOf(c);
    const form = await c.req.parseBody();
    const values: Partial<Record<(typeof IMPORT_FIELDS)[number], string>> = {};
    for (const f of IMPORT_FIELDS) if (typeof form[f] === 'string') values[f] = form[f] as string;
    const database = c.get('deps').database;
    const result = await inTenant(database, caller, (tx) => updateRow(tx, caller, id, rowNumber, { valuesHash: String(form.valuesHash ?? ''), values }));
    if (!result.ok && result.error !== 'CONFLICT') throw failure(result);
    const fresh = await inTenant(database, caller, (tx) => readRow(tx, caller, id, rowNumber));
    if (!fresh.ok) throw failure(fresh);
    if (!result.ok) {
      // REL-LOCK: someone else changed this row meanwhile; show both versions, save nothing.
      if (fresh.value.batch.status !== 'staged') return c.redirect(`/import/${id}`, 303);
      return c.html(rowEditPage(pageContext(c), fresh.value, { conflict: fresh.value, values }), 409);
    }
    if (result.value.status === 'invalid' && result.value.errors.some((e) => e.field !== '_household')) {
      // Saved, but still not right: the same form with what is wrong now.
      return c.html(rowEditPage(pageContext(c), fresh.value), 422);
    }
    return c.redirect(`/import/${id}?melding=opgeslagen#rij-${rowNumber}`, 303);
  });

  return app;
}
