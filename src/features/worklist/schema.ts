import { foreignKey, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/tenancy/schema.ts';

// The weekly digest for a supervising professional: sent by e-mail when SMTP is configured, and always kept
// here so it can be read in the app.
export const digests = pgTable(
  'digests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    userId: uuid('user_id').notNull(),
    // ISO week, e.g. 2026-W47.
    week: text('week').notNull(),
    content: jsonb('content').notNull(),
    deliveredVia: text('delivered_via').notNull().default('app'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('digests_user_week_unique').on(t.userId, t.week),
    foreignKey({ name: 'digests_user_same_organisation', columns: [t.userId, t.organisationId], foreignColumns: [users.id, users.organisationId] }).onDelete('cascade'),
  ],
);
