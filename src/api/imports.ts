import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { failure, inTenant, type Caller } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv, Ctx } from '../platform/http/context.ts';
import { can } from '../platform/policy.ts';
import { parseInput } from '../platform/validation.ts';
import {
  applyMapping,
  discardBatch,
  IMPORT_FIELDS,
  IMPORT_MODES,
  ImportFileError,
  launchCommit,
  listBatches,
  MAX_FILE_BYTES,
  mayImport,
  parseImportFile,
  readBatch,
  stageImport,
  startCommit,
  updateRow,
  type RowFilter,
} from '../features/imports/index.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, page, pageParams, problem, requireActor, ref } from './support.ts';

const CommitBody = z.object({ mode: z.enum(IMPORT_MODES), includeDuplicates: z.boolean().default(false) });
const MappingBody = z.object({
  version: z.number().int().min(1),
  mapping: z.record(z.string().max(200), z.string().max(40)),
  saveAs: z.string().trim().max(100).optional(),
});
const RowBody = z.object({
  valuesHash: z.string().min(1).max(64),
  values: z.object(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, z.string().max(1000).optional()])) as Record<(typeof IMPORT_FIELDS)[number], z.ZodOptional<z.ZodString>>),
});
const FILTERS: Record<string, RowFilter> = { all: 'all', problems: 'problems', valid: 'valid', invalid: 'invalid', duplicate: 'duplicate', already_imported: 'already_imported' };

async function requireImporter(c: Ctx): Promise<Caller> {
  const caller = requireActor(c);
  if (!can(caller.actor, 'import.manage')) {
    await inTenant(c.get('deps').database, caller, (tx) => mayImport(tx, caller, `api ${c.req.method}`));
    throw new AppError('FORBIDDEN');
  }
  return caller;
}

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/imports', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listBatches(tx, caller, page(c)));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  // The file is the raw request body (text/csv or the XLSX type), so no multipart parsing is needed.
  api.post('/imports', async (c) => {
    const caller = await requireImporter(c);
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_FILE_BYTES) throw new AppError('VALIDATION', { fields: [{ field: 'file', message: 'import.file.too_large' }] });
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const fileName = (c.req.header('x-file-name') ?? c.req.query('fileName') ?? '').replace(/[\\/]/g, '_').slice(0, 200);
    const type = c.req.header('content-type') ?? '';
    const name = fileName || (type.includes('spreadsheetml') ? 'import.xlsx' : 'import.csv');
    let parsed;
    try {
      parsed = await parseImportFile(name, bytes, type);
    } catch (error) {
      if (error instanceof ImportFileError) throw new AppError('VALIDATION', { fields: [{ field: 'file', message: error.messageKey }] });
      throw error;
    }
    const mappingId = c.req.query('mapping');
    const database = c.get('deps').database;
    const staged = await inTenant(database, caller, (tx) => stageImport(tx, caller, {
      fileName: name, fileSha256: createHash('sha256').update(bytes).digest('hex'), file: parsed, ...(mappingId ? { mappingId } : {}),
    }));
    if (!staged.ok) throw failure(staged);
    const report = await inTenant(database, caller, (tx) => readBatch(tx, caller, staged.value.id, { page: 1, pageSize: 100 }, 'problems'));
    if (!report.ok) throw failure(report);
    c.header('Location', `/api/v1/imports/${staged.value.id}`);
    return c.json(report.value, 201);
  });

  api.get('/imports/:id', async (c) => {
    const caller = requireActor(c);
    const filter = FILTERS[c.req.query('status') ?? 'all'] ?? 'all';
    const result = await inTenant(c.get('deps').database, caller, (tx) => readBatch(tx, caller, c.req.param('id'), page(c), filter));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/imports/:id/mapping', async (c) => {
    const caller = await requireImporter(c);
    const input = parseInput(MappingBody, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => applyMapping(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.put('/imports/:id/rows/:row', async (c) => {
    const caller = await requireImporter(c);
    const input = parseInput(RowBody, await json(c));
    const row = Number(c.req.param('row'));
    if (!Number.isSafeInteger(row) || row < 1) throw new AppError('NOT_FOUND');
    const values = Object.fromEntries(Object.entries(input.values).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateRow(tx, caller, c.req.param('id'), row, { valuesHash: input.valuesHash, values }));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/imports/:id/commit', async (c) => {
    const caller = await requireImporter(c);
    const input = parseInput(CommitBody, await json(c));
    const deps = c.get('deps');
    const result = await inTenant(deps.database, caller, (tx) => startCommit(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    void launchCommit(deps.database, caller, result.value.id, deps.logger);
    c.header('Location', `/api/v1/imports/${result.value.id}`);
    return c.json({ id: result.value.id, status: 'committing', rows: result.value.rows }, 202);
  });

  api.post('/imports/:id/discard', async (c) => {
    const caller = await requireImporter(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => discardBatch(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json({ id: result.value.id, status: 'discarded' });
  });

  return api;
}

const rowParam = { name: 'row', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'The row number as the spreadsheet shows it (the header is row 1)' };
const forbidden403 = { '403': problem('Not allowed: importing is for coordinators of a welfare organisation') };
const FIELD_ENUM = { type: 'string', enum: [...IMPORT_FIELDS] };

export const importsApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/imports': {
        get: {
          operationId: 'listImports', summary: 'The import history of your organisation, newest first', 'x-permission': 'import.manage',
          parameters: [...pageParams],
          responses: { '200': { description: 'Page of import batches', ...jsonBody({ type: 'object', properties: { items: { type: 'array', items: ref('ImportBatchListItem') }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } } }) }, ...forbidden403, ...common },
        },
        post: {
          operationId: 'stageImport',
          summary: 'Upload a CSV or XLSX file and get the dry-run report (nothing is created yet)',
          description: 'The file is the raw request body. CSV: comma or semicolon, UTF-8 with or without BOM, or Windows-1252. XLSX: the first sheet. At most 20 MB and 200,000 rows. The standard header needs no mapping; other headers are mapped with POST /imports/{id}/mapping, or by a saved mapping (query `mapping`, or automatically when a saved mapping has the same headers). BSN and V-nummer values are dropped unless your organisation has a municipal task; with it they are only ever returned masked. An XLSX that unpacks to more than 100 MB (or a part to more than 60 MB) is refused.',
          'x-permission': 'import.manage',
          parameters: [
            { name: 'X-File-Name', in: 'header', schema: { type: 'string', maxLength: 200 }, description: 'The file name (or use the query parameter fileName)' },
            { name: 'fileName', in: 'query', schema: { type: 'string', maxLength: 200 } },
            { name: 'mapping', in: 'query', schema: { type: 'string', format: 'uuid' }, description: 'A saved mapping to apply' },
          ],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } } } },
          responses: { '201': { description: 'Staged: the summary and the rows that are not valid (first 100)', ...jsonBody(ref('ImportReport')) }, ...forbidden403, '422': problem('The file cannot be read (type, size, unpacked size, rows, encoding)'), ...common },
        },
      },
      '/imports/{id}': {
        get: {
          operationId: 'getImport', summary: 'The dry-run report of a batch: summary, progress while committing, and its rows (audited)', 'x-permission': 'import.manage',
          parameters: [idParam, ...pageParams, { name: 'status', in: 'query', schema: { type: 'string', enum: Object.keys(FILTERS) }, description: '`problems`: every row that is not valid' }],
          responses: { '200': { description: 'Report', ...jsonBody(ref('ImportReport')) }, ...forbidden403, ...common },
        },
      },
      '/imports/{id}/mapping': {
        post: {
          operationId: 'mapImport', summary: 'Map the source headers to import fields ("-" = do not import), optionally save the mapping under a name; validates every row', 'x-permission': 'import.manage',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('ImportMappingInput')) },
          responses: { '200': { description: 'Mapped and validated', ...jsonBody({ type: 'object', properties: { id: { type: 'string', format: 'uuid' } } }) }, ...forbidden403, '422': problem('Invalid mapping'), ...conflictResponse, ...common },
        },
      },
      '/imports/{id}/rows/{row}': {
        put: {
          operationId: 'fixImportRow', summary: 'Replace the values of one staged row and validate its household again (REL-LOCK via valuesHash)', 'x-permission': 'import.manage',
          parameters: [idParam, rowParam], requestBody: { required: true, ...jsonBody(ref('ImportRowInput')) },
          responses: { '200': { description: 'The row as validated now', ...jsonBody(ref('ImportRow')) }, ...forbidden403, '422': problem('Invalid input'), ...conflictResponse, ...common },
        },
      },
      '/imports/{id}/commit': {
        post: {
          operationId: 'commitImport', summary: 'Commit a staged batch in the background: all_or_nothing (refused while a row is invalid) or valid_only; follow the progress with GET', 'x-permission': 'import.manage',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('ImportCommitInput')) },
          responses: { '202': { description: 'Committing started', ...jsonBody({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['committing'] }, rows: { type: 'integer' } } }) }, ...forbidden403, '422': problem('all_or_nothing while rows are invalid'), ...conflictResponse, ...common },
        },
      },
      '/imports/{id}/discard': {
        post: {
          operationId: 'discardImport', summary: 'Discard a staged batch; its staged rows are deleted, the counts stay in the history', 'x-permission': 'import.manage',
          parameters: [idParam],
          responses: { '200': { description: 'Discarded', ...jsonBody({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string' } } }) }, ...forbidden403, ...conflictResponse, ...common },
        },
      },
    },
    schemas: {
      ImportBatchListItem: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, fileName: { type: 'string' }, status: { type: 'string', enum: ['staged', 'committing', 'committed', 'failed', 'discarded'] },
          mode: { type: ['string', 'null'], enum: ['all_or_nothing', 'valid_only', null] }, createdAt: { type: 'string', format: 'date-time' }, committedAt: { type: ['string', 'null'], format: 'date-time' },
          createdByName: { type: ['string', 'null'] }, totalRows: { type: 'integer' }, validRows: { type: 'integer' }, invalidRows: { type: 'integer' }, duplicateRows: { type: 'integer' }, createdHouseholds: { type: 'integer' },
        },
      },
      ImportSummary: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, fileName: { type: 'string' }, format: { type: 'string', enum: ['csv', 'xlsx'] },
          status: { type: 'string', enum: ['staged', 'committing', 'committed', 'failed', 'discarded'] }, mode: { type: ['string', 'null'] }, version: { type: 'integer' },
          createdAt: { type: 'string', format: 'date-time' }, committedAt: { type: ['string', 'null'], format: 'date-time' }, createdByName: { type: ['string', 'null'] },
          headers: { type: 'array', items: { type: 'string' } }, mapping: { type: 'object', additionalProperties: { type: 'string' } },
          needsMapping: { type: 'boolean' }, missingFields: { type: 'array', items: FIELD_ENUM },
          bsnDropped: { type: 'boolean', description: 'The file had a BSN column but your organisation has no municipal task: the values were not stored' },
          vNumberDropped: { type: 'boolean', description: 'The file had a V-nummer column but your organisation has no municipal task: the values were not stored' },
          identifiersAllowed: { type: 'boolean', description: 'Your organisation has a municipal task: BSN and V-nummer can be imported (they are returned masked only)' },
          rowsPurged: { type: 'boolean' },
          counts: {
            type: 'object',
            properties: {
              rows: { type: 'integer' }, households: { type: ['integer', 'null'] }, valid: { type: 'integer' }, invalid: { type: 'integer' }, duplicate: { type: 'integer' },
              alreadyImported: { type: 'integer' }, processed: { type: 'integer', description: 'Rows committed so far (progress)' }, createdHouseholds: { type: 'integer' },
            },
          },
        },
      },
      ImportRow: {
        type: 'object',
        properties: {
          rowNumber: { type: 'integer' }, householdKey: { type: 'string' }, name: { type: 'string' },
          status: { type: 'string', enum: ['valid', 'invalid', 'duplicate', 'already_imported'] },
          errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string', description: 'Message key' }, row: { type: 'integer' } } } },
          duplicateOf: { type: ['array', 'null'], items: { type: 'object', properties: { householdId: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, row: { type: 'integer' } } } },
          values: { type: 'object', additionalProperties: { type: 'string' }, description: 'The values by import field; a BSN (last 3 digits) and a V-nummer (last 4 digits) are masked. In a row fix, an empty or absent bsn or v_nummer keeps the stored value.' },
          valuesHash: { type: 'string' },
        },
      },
      ImportReport: {
        type: 'object',
        properties: { batch: ref('ImportSummary'), rows: { type: 'object', properties: { items: { type: 'array', items: ref('ImportRow') }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } } } },
      },
      ImportCommitInput: inputSchema(CommitBody),
      ImportMappingInput: inputSchema(MappingBody),
      ImportRowInput: inputSchema(RowBody),
    },
  },
};
