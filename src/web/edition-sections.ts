import type { Caller } from '../platform/context.ts';
import type { Tx } from '../platform/db/client.ts';
import type { EditionFacts } from '../features/groups/access.ts';
import type { Html } from './html.ts';
import type { PageContext } from './layout.ts';
import type { SectionRequest } from './household-sections.ts';
import { enrolmentEditionSection } from './routes/group-enrolments.ts';
import { attendanceEditionSection } from './routes/group-attendance.ts';

/**
 * A part of the edition page owned by another feature (participants and waitlist; sessions with attendance and
 * the close). It reads what it needs in the page's transaction, given the edition as the caller reaches it, and
 * returns how to render it, or null when the caller may not see it.
 */
export type EditionSection = (tx: Tx, caller: Caller, edition: EditionFacts, request: SectionRequest) => Promise<((ctx: PageContext) => Html) | null>;

// In the order they appear on the edition page, after the edition's own schedule and staff.
export const EDITION_SECTIONS: EditionSection[] = [enrolmentEditionSection, attendanceEditionSection];
