// The imports feature's public entry; pages, the API, the CLI and the server start import only from here.
export { IDENTITY_FIELDS, IMPORT_FIELDS, REQUIRED_FIELDS, isIdentityField, isImportField, type IdentityField, type ImportField } from './fields.ts';
export { ImportFileError, MAX_FILE_BYTES, MAX_ROWS, parseImportFile, type ParsedFile } from './parse.ts';
export {
  applyMapping,
  COMMIT_CHUNK,
  discardBatch,
  launchCommit,
  listBatches,
  listMappings,
  mayImport,
  purgeExpiredRows,
  readBatch,
  readRow,
  resumePendingImports,
  runCommit,
  settleImports,
  SKIP,
  STAGED_RETENTION_DAYS,
  stageImport,
  startCommit,
  updateRow,
} from './service.ts';
export type { BatchListItem, BatchSummary, CommitInput, RowDetail, RowFilter, RowView, SavedMapping, StageInput } from './service.ts';
export { IMPORT_MODES, type ImportMode } from './schema.ts';
