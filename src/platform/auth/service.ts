import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import type { Actor } from '../policy.ts';
import { requiresMfa } from '../policy.ts';
import { writeAudit } from '../audit/trail.ts';
import type { AuditContext } from '../audit/events.ts';
import { organisationMunicipalities, organisations, users, type OrganisationKind, type Role } from '../tenancy/schema.ts';
import { apiTokens, sessions } from './schema.ts';
import { burnVerification, verifyPassword } from './password.ts';
import { newSecret, sha256Hex } from './tokens.ts';
import { matchTotp } from './totp.ts';
import type { SecretBox } from './secret-box.ts';

/** How long a password-only session may wait for its second factor. */
export const MFA_PENDING_MS = 5 * 60_000;

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  /** AUTH-BSN: the organisation has a legal (municipal) task for citizen service numbers. */
  municipalTask: boolean;
  locale: string;
  totpEnabled: boolean;
}

export interface SessionInfo {
  sessionId: string;
  csrfToken: string;
  user: AuthenticatedUser;
  actor: Actor;
  /** The user must still enter (or first set up) a second factor before anything else. */
  mfaPending: boolean;
}

interface UserRow extends AuthenticatedUser {
  passwordHash: string;
  totpSecret: string | null;
  totpLastStep: number | null;
  disabledAt: Date | null;
}

/** The columns of an AuthenticatedUser (users joined with organisations), shared by every lookup. */
const USER_COLUMNS = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  organisationId: users.organisationId,
  organisationName: organisations.name,
  organisationKind: organisations.kind,
  municipalTask: organisations.municipalTask,
  locale: users.locale,
  totpEnabled: users.totpEnabled,
  disabledAt: users.disabledAt,
};

async function findUser(tx: Tx, where: ReturnType<typeof eq>): Promise<UserRow | undefined> {
  const rows = await tx
    .select({
      ...USER_COLUMNS,
      passwordHash: users.passwordHash,
      totpSecret: users.totpSecret,
      totpLastStep: users.totpLastStep,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(where)
    .limit(1);
  return rows[0];
}

async function regieCodes(tx: Tx, user: AuthenticatedUser): Promise<string[]> {
  if (user.role !== 'regisseur' || user.organisationKind !== 'municipality') return [];
  const rows = await tx
    .select({ code: organisationMunicipalities.municipalityCode })
    .from(organisationMunicipalities)
    .where(eq(organisationMunicipalities.organisationId, user.organisationId));
  return rows.map((r) => r.code).sort();
}

function publicUser(row: UserRow): AuthenticatedUser {
  const { passwordHash: _p, totpSecret: _t, totpLastStep: _s, disabledAt: _d, ...user } = row;
  return user;
}

export function actorFor(user: AuthenticatedUser, codes: readonly string[], mfaPassed: boolean): Actor {
  return {
    userId: user.id,
    organisationId: user.organisationId,
    organisationKind: user.organisationKind,
    municipalTask: user.organisationKind === 'municipality' || user.municipalTask,
    role: user.role,
    regieMunicipalityCodes: codes,
    mfaPassed,
  };
}

export type LoginResult =
  | { ok: true; sessionToken: string; session: SessionInfo }
  | { ok: false };

/** Password step. Always answers in about the same time, whether or not the account exists. */
export async function login(
  database: Database,
  input: { email: string; password: string },
  context: AuditContext,
  policy: SessionPolicy,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const row = await database.system((tx) => findUser(tx, eq(sql`lower(${users.email})`, email)));
  const passwordOk = row ? await verifyPassword(row.passwordHash, input.password) : (await burnVerification(input.password), false);
  if (!row || !passwordOk || row.disabledAt) {
    await database.system((tx) =>
      writeAudit(tx, { ...context, actorUserId: row?.id ?? null, actorRole: row?.role ?? null, organisationId: row?.organisationId ?? null }, {
        action: 'auth.login_failed',
        result: 'failed',
        detail: { reason: !row ? 'unknown_account' : row.disabledAt ? 'disabled' : 'bad_password' },
      }),
    );
    return { ok: false };
  }
  const user = publicUser(row);
  const sessionToken = newSecret('', 32);
  const csrfToken = newSecret('', 24);
  const now = new Date();
  const mfaPending = requiresMfa(user.role) || user.totpEnabled;
  const codes = await database.system(async (tx) => {
    await tx.insert(sessions).values({
      id: sha256Hex(sessionToken),
      userId: user.id,
      csrfToken,
      mfaPassed: !mfaPending,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteHours * 3600_000),
    });
    await writeAudit(tx, { ...context, actorUserId: user.id, actorRole: user.role, organisationId: user.organisationId }, {
      action: 'auth.login',
      result: 'ok',
      detail: { step: mfaPending ? 'password' : 'complete' },
    });
    return regieCodes(tx, user);
  });
  return {
    ok: true,
    sessionToken,
    session: { sessionId: sha256Hex(sessionToken), csrfToken, user, actor: actorFor(user, codes, !mfaPending), mfaPending },
  };
}

/** Look a session up by its cookie value; ends it when idle or past its absolute lifetime (SES-COOKIE). */
export async function loadSession(database: Database, sessionToken: string, policy: SessionPolicy): Promise<SessionInfo | null> {
  const id = sha256Hex(sessionToken);
  // Every request pays for this, so the common case is one statement outside a transaction: session, user,
  // organisation and (for a regisseur) her municipalities in one round trip.
  const found = await database.db
    .select({
      csrfToken: sessions.csrfToken,
      mfaPassed: sessions.mfaPassed,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      createdAt: sessions.createdAt,
      ...USER_COLUMNS,
      regieCodes: sql<string[]>`case when ${users.role} = 'regisseur' and ${organisations.kind} = 'municipality'
        then coalesce((select array_agg(om.municipality_code order by om.municipality_code) from organisation_municipalities om
                        where om.organisation_id = ${users.organisationId}), '{}') else '{}' end`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(sessions.id, id))
    .limit(1);
  const row = found[0];
  if (!row) return null;
  const now = Date.now();
  const idle = now - row.lastSeenAt.getTime() > policy.idleMinutes * 60_000;
  // A session still waiting for its second factor lives only a few minutes: no time to guess codes.
  const stalePending = !row.mfaPassed && now - row.createdAt.getTime() > MFA_PENDING_MS;
  if (idle || stalePending || now > row.expiresAt.getTime() || row.disabledAt) {
    await database.db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  // Touch at most once a minute: enough for the idle timeout, cheap for the database.
  if (now - row.lastSeenAt.getTime() > 60_000) {
    await database.db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
  }
  const { csrfToken, mfaPassed, lastSeenAt: _l, expiresAt: _e, createdAt: _c, disabledAt: _d, regieCodes: codes, ...user } = row;
  return { sessionId: id, csrfToken, user, actor: actorFor(user, codes, mfaPassed), mfaPending: !mfaPassed };
}

/** End one session (a replaced login, too many wrong codes). */
export async function endSession(database: Database, sessionId: string): Promise<void> {
  await database.db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function logout(database: Database, session: SessionInfo, context: AuditContext): Promise<void> {
  await database.system(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, session.sessionId));
    await writeAudit(tx, context, { action: 'auth.logout', result: 'ok' });
  });
}

/** Second factor. With no secret yet, `enrolSecret` (shown to the user) is verified and stored. */
export async function completeMfa(
  database: Database,
  box: SecretBox,
  session: SessionInfo,
  input: { code: string; enrolSecret?: string },
  context: AuditContext,
): Promise<{ ok: boolean; newSessionToken?: string }> {
  return database.system(async (tx) => {
    const row = await findUser(tx, eq(users.id, session.user.id));
    if (!row) return { ok: false };
    // The stored seed is sealed (SecretBox); one that does not open counts as no second factor at all.
    const secret = row.totpEnabled ? (row.totpSecret ? box.open(row.totpSecret) : null) : input.enrolSecret;
    const step = secret ? matchTotp(secret, input.code, Date.now(), row.totpEnabled ? row.totpLastStep : null) : null;
    if (!secret || step === null) {
      await writeAudit(tx, context, { action: 'auth.mfa_failed', result: 'failed' });
      return { ok: false };
    }
    // Conditional on the stored step, so two simultaneous submissions of one code cannot both pass.
    const claimed = await tx
      .update(users)
      .set({ totpSecret: box.seal(secret), totpEnabled: true, totpLastStep: step })
      .where(and(eq(users.id, row.id), sql`(${users.totpLastStep} is null or ${users.totpLastStep} < ${step})`))
      .returning({ id: users.id });
    if (claimed.length === 0) {
      await writeAudit(tx, context, { action: 'auth.mfa_failed', result: 'failed', detail: { reason: 'replayed' } });
      return { ok: false };
    }
    if (!row.totpEnabled) {
      await writeAudit(tx, context, { action: 'auth.mfa_enrolled', result: 'ok', recordType: 'user', recordId: row.id });
    }
    // A fresh session id once the second factor passes, so a token seen before MFA is worthless after it.
    const newSessionToken = newSecret('', 32);
    await tx
      .update(sessions)
      .set({ id: sha256Hex(newSessionToken), csrfToken: newSecret('', 24), mfaPassed: true, lastSeenAt: new Date() })
      .where(eq(sessions.id, session.sessionId));
    await writeAudit(tx, context, { action: 'auth.login', result: 'ok', detail: { step: 'mfa' } });
    return { ok: true, newSessionToken };
  });
}

/** Disabling an account ends its sessions and tokens at once. */
export async function disableUser(database: Database, userId: string, context: AuditContext): Promise<void> {
  await database.system(async (tx) => {
    await tx.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    await writeAudit(tx, context, { action: 'user.disabled', result: 'ok', recordType: 'user', recordId: userId });
  });
}

export const API_TOKEN_PREFIX = 'thuis_pat_';
/** A token nobody renews stops working by itself. */
export const DEFAULT_TOKEN_DAYS = 90;

export async function createApiToken(
  database: Database,
  userId: string,
  name: string,
  context: AuditContext,
  expiresAt: Date | null = new Date(Date.now() + DEFAULT_TOKEN_DAYS * 86_400_000),
): Promise<{ id: string; token: string }> {
  const token = newSecret(API_TOKEN_PREFIX, 32);
  return database.system(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ userId, name, tokenHash: sha256Hex(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), expiresAt })
      .returning({ id: apiTokens.id });
    await writeAudit(tx, context, { action: 'token.created', result: 'ok', recordType: 'api_token', recordId: created!.id });
    return { id: created!.id, token };
  });
}

export async function revokeApiToken(database: Database, userId: string, tokenId: string, context: AuditContext): Promise<boolean> {
  return database.system(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length === 0) return false;
    await writeAudit(tx, context, { action: 'token.revoked', result: 'ok', recordType: 'api_token', recordId: tokenId });
    return true;
  });
}

export async function listApiTokens(database: Database, userId: string) {
  return database.system((tx) =>
    tx
      .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(apiTokens.createdAt),
  );
}

/** Bearer authentication for the JSON API. A token stands in for a full login, second factor included. */
export async function authenticateToken(database: Database, token: string): Promise<{ user: AuthenticatedUser; actor: Actor } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  return database.system(async (tx) => {
    const found = await tx.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256Hex(token))).limit(1);
    const record = found[0];
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt.getTime() < Date.now())) return null;
    const row = await findUser(tx, eq(users.id, record.userId));
    if (!row || row.disabledAt) return null;
    if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 60_000) {
      await tx.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, record.id));
    }
    const user = publicUser(row);
    return { user, actor: actorFor(user, await regieCodes(tx, user), true) };
  });
}
