// Every table of Thuis, gathered for drizzle-kit. Migrations are generated from this, reviewed and committed.
export * from '../src/platform/tenancy/schema.ts';
export * from '../src/platform/auth/schema.ts';
export * from '../src/platform/audit/schema.ts';
export * from '../src/features/households/schema.ts';
export * from '../src/features/journal/schema.ts';
export * from '../src/features/trajectories/schema.ts';
export * from '../src/features/coaches/schema.ts';
export * from '../src/features/imports/schema.ts';
export * from '../src/features/worklist/schema.ts';
export * from '../src/features/plans/schema.ts';
export * from '../src/features/groups/schema.ts';
export * from '../src/features/infopunten/schema.ts';
