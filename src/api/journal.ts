import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { addAttachment, downloadHeaders, readAttachment } from '../features/journal/index.ts';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../features/journal/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, idParam, jsonBody, problem, requireActor, uuidParam } from './support.ts';

function fileName(header: string | undefined): string {
  if (!header) return '';
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  // The file is the raw request body; its type is read from its first bytes, whatever Content-Type says.
  api.post('/households/:id/notes/:noteId/attachments', async (c) => {
    const caller = requireActor(c);
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_ATTACHMENT_BYTES) throw new AppError('VALIDATION', { fields: [{ field: 'file', message: 'attachment.error_too_large' }] });
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('VALIDATION', { fields: [{ field: 'file', message: 'attachment.error_too_large' }] });
    const upload = { bytes, name: fileName(c.req.header('x-file-name')) };
    const result = await inTenant(c.get('deps').database, caller, (tx) => addAttachment(tx, caller, c.req.param('id'), c.req.param('noteId'), upload));
    if (!result.ok) throw failure(result);
    c.header('Location', `/api/v1/attachments/${result.value.id}`);
    return c.json(result.value, 201);
  });

  api.get('/attachments/:id', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readAttachment(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.body(new Uint8Array(result.value.content), 200, downloadHeaders(result.value));
  });

  return api;
}

const noteIdParam = uuidParam('noteId');
const binary = Object.fromEntries(ATTACHMENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]));

export const journalApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/households/{id}/notes/{noteId}/attachments': {
        post: {
          operationId: 'addNoteAttachment',
          summary: 'Attach a letter or photo (PDF, JPEG, PNG or WEBP, at most 10 MB) to a note you wrote. The body is the file itself; its type is checked by its first bytes.',
          'x-permission': 'journal.create',
          parameters: [
            idParam,
            noteIdParam,
            { name: 'X-File-Name', in: 'header', schema: { type: 'string', maxLength: 500 }, description: 'The original file name, percent-encoded UTF-8; only displayed, never used as a path' },
          ],
          requestBody: { required: true, content: binary },
          responses: {
            '201': { description: 'Stored', ...jsonBody({ $ref: '#/components/schemas/JournalAttachment' }) },
            '403': problem('Not allowed: not your note, or the file is closed'),
            '422': problem('Not a PDF/JPEG/PNG/WEBP, empty, or larger than 10 MB'),
            ...common,
          },
        },
      },
      '/attachments/{id}': {
        get: {
          operationId: 'getAttachment',
          summary: 'Download an attachment by its id (audited). Someone who may not read its note gets 404, as for a random id.',
          'x-permission': 'journal.read',
          parameters: [idParam],
          responses: { '200': { description: 'The file, as an attachment download', content: binary }, ...common },
        },
      },
    },
    schemas: {
      JournalAttachment: {
        type: 'object',
        required: ['id', 'name', 'mediaType', 'byteSize'],
        properties: {
          id: { type: 'string', format: 'uuid', description: 'Generated name; GET /attachments/{id}' },
          name: { type: 'string', description: 'The original name, sanitised; for display only' },
          mediaType: { type: 'string', enum: [...ATTACHMENT_TYPES] },
          byteSize: { type: 'integer', minimum: 1, maximum: MAX_ATTACHMENT_BYTES },
        },
      },
    },
  },
};
