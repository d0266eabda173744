// REL-LOCK with a three-way merge for the plan's edit forms. A form carries the version it read and the values it
// showed (the base). When the row changed meanwhile, a field that only one side changed takes that side's value;
// a field both changed to different values is a conflict the writer settles field by field. The API does not
// merge: a stale version answers 409 with the current record and the client merges.

export type FieldValue = string | number | boolean | null;
export type Fields = Record<string, FieldValue>;

/** Values compare as the form sends them: null, '' and an absent value are alike. */
export function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const norm = (v: FieldValue | undefined) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '1' : '') : String(v));
  return norm(a) === norm(b);
}

export interface MergeResult {
  /** The current values with the writer's changes applied where they do not collide. */
  merged: Fields;
  /** Fields both sides changed to different values. */
  conflicts: string[];
}

/**
 * Merge `mine` (only the fields the writer edits) into `theirs` (the row as it is now), given `base` (what the
 * writer saw). A field missing from `mine` stays as theirs.
 */
export function threeWayMerge(base: Fields, mine: Fields, theirs: Fields): MergeResult {
  const merged: Fields = { ...theirs };
  const conflicts: string[] = [];
  for (const [field, value] of Object.entries(mine)) {
    const before = base[field];
    if (same(value, before)) continue; // the writer left it alone: theirs stands
    if (same(theirs[field], before) || same(theirs[field], value)) merged[field] = value; // only the writer changed it
    else conflicts.push(field);
  }
  return { merged, conflicts };
}

/** What a page shows when two people changed the same field: both values and who wrote the other one. */
export interface MergeConflict<T = unknown> {
  kind: 'merge';
  /** The record as it is now. */
  current: T;
  version: number;
  conflicts: string[];
  mine: Fields;
  theirs: Fields;
  /** Theirs with the writer's non-colliding changes applied. */
  merged: Fields;
  byName: string | null;
  at: string;
}

export function isMergeConflict(value: unknown): value is MergeConflict {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'merge';
}
