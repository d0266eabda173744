#!/usr/bin/env node
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createApiToken, DEFAULT_TOKEN_DAYS, disableUser } from '../platform/auth/service.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../platform/auth/password.ts';
import type { AuditContext } from '../platform/audit/events.ts';
import { verifyAuditChain, writeAudit } from '../platform/audit/trail.ts';
import { backup, restore, RestoreMismatchError } from '../platform/db/backup.ts';
import { DataDirInUseError, type Database } from '../platform/db/client.ts';
import { migrate } from '../platform/db/migrate.ts';
import { requiresMfa } from '../platform/policy.ts';
import { isoDate } from '../platform/validation.ts';
import { openDatabase } from '../platform/db/open.ts';
import { EnvError, parseEnv, type Env } from '../platform/env.ts';
import { ROLES, ORGANISATION_KINDS, type Role, type OrganisationKind } from '../platform/tenancy/schema.ts';
import { createOrganisation, createUser, DEMO_PASSWORD, DEMO_USERS, isSeeded, seedDemo } from '../features/demo/seed.ts';
import { startServer } from '../server/start.ts';

const HELP = `thuis — command line of Thuis

  thuis serve [--no-demo]              migrate, seed the demo on an empty database (never with
                                       NODE_ENV=production), serve
  thuis migrate                        apply database migrations
  thuis seed demo [--households N]     create the demo organisations, users and N households (default 40)
  thuis org create --name NAME --kind welfare|municipality|partner --municipalities GM0606,GM0622 [--municipal-task]
  thuis user create --email E --name N --role ROLE --organisation ORG_ID [--supervisor EMAIL]
                                       prints a generated password (or reads one from THUIS_NEW_PASSWORD)
  thuis user disable --email E         ends the user's sessions and tokens at once
  thuis user reset-mfa --email E       the user sets up two-step verification again at next login
  thuis token create --user EMAIL [--name NAME] [--days N]   prints a personal API token (valid N days, default 90)
  thuis digest run [--date YYYY-MM-DD] make this week's missing weekly digests (e-mailed when THUIS_SMTP_URL is set)
  thuis audit verify                   check the audit trail's hash chain
  thuis backup FILE                    write a verified backup of the whole database
  thuis restore FILE                   replace the database with a backup, then verify it

Database: PGlite in THUIS_DATA_DIR (default ./data), or a PostgreSQL server when DATABASE_URL is set.`;

function cliContext(action: string): AuditContext {
  return { requestId: `cli-${action}-${randomUUID()}`, origin: 'cli', actorUserId: null, actorRole: 'operator', organisationId: null };
}

async function userIdByEmail(database: Database, email: string): Promise<string> {
  const { rows } = await database.raw.query<{ id: string }>('select id from users where lower(email) = lower($1)', [email]);
  if (!rows[0]) throw new EnvError(`No user with e-mail ${email}`);
  return rows[0].id;
}

export function printDemo(url: string): void {
  const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
  console.log(`\n  Thuis is running at ${url}\n`);
  console.log(`  Demo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const user of DEMO_USERS) console.log(`    ${user.email.padEnd(width)}  ${user.role}${requiresMfa(user.role) ? ' (sets up two-step verification at first login)' : ''}`);
  console.log(`\n  Start with coach@thuis.demo: a volunteer coach with her five households.\n`);
}

async function serve(env: Env, flags: { demo: boolean }): Promise<void> {
  const database = await openDatabase(env);
  await migrate(database);
  if (flags.demo && !(await isSeeded(database))) {
    await seedDemo(database, { households: 40, context: cliContext('seed') });
  }
  const running = await startServer(env, { database });
  if (flags.demo) printDemo(running.url);
  else console.log(`Thuis is running at ${running.url}`);
  const shutdown = async () => {
    await running.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      households: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' },
      organisation: { type: 'string' }, supervisor: { type: 'string' }, user: { type: 'string' }, days: { type: 'string' }, date: { type: 'string' },
      kind: { type: 'string' }, municipalities: { type: 'string' }, 'municipal-task': { type: 'boolean' }, 'no-demo': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (!command || values.help) {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const env = parseEnv();
  if (command === 'serve') {
    // Demo accounts share a published password: a production server never gets them.
    await serve(env, { demo: !values['no-demo'] && env.NODE_ENV !== 'production' });
    return -1; // keep running
  }
  const database = await openDatabase(env);
  try {
    await migrate(database);
    // backup and restore take a file name where other commands take a sub-command.
    switch (command === 'backup' || command === 'restore' ? command : `${command} ${sub ?? ''}`.trim()) {
      case 'migrate':
        console.log('Migrations applied.');
        return 0;
      case 'seed demo': {
        if (env.NODE_ENV === 'production') throw new EnvError('The demo has accounts with a published password; it is not seeded when NODE_ENV=production.');
        if (await isSeeded(database)) throw new EnvError('The database already holds organisations; the demo is only seeded into an empty database.');
        const households = Number(values.households ?? 40);
        if (!Number.isInteger(households) || households < 1 || households > 200_000) throw new EnvError('--households must be a whole number from 1 to 200000');
        const started = Date.now();
        await seedDemo(database, { households, context: cliContext('seed') });
        console.log(`Demo seeded: ${households} households in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return 0;
      }
      case 'org create': {
        const kind = values.kind as OrganisationKind;
        if (!values.name || !ORGANISATION_KINDS.includes(kind)) throw new EnvError(`--name and --kind (${ORGANISATION_KINDS.join('|')}) are required`);
        const codes = (values.municipalities ?? '').split(',').map((c) => c.trim()).filter(Boolean);
        const id = await database.system((tx) => createOrganisation(tx, values.name!, kind, codes, values['municipal-task'] ?? false));
        console.log(id);
        return 0;
      }
      case 'user create': {
        const role = values.role as Role;
        if (!values.email || !values.name || !ROLES.includes(role) || !values.organisation) {
          throw new EnvError(`--email, --name, --organisation and --role (${ROLES.join('|')}) are required`);
        }
        const supplied = process.env.THUIS_NEW_PASSWORD;
        if (supplied !== undefined && supplied.length < MIN_PASSWORD_LENGTH) throw new EnvError(`THUIS_NEW_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
        const password = supplied ?? randomBytes(15).toString('base64url');
        const supervisorId = values.supervisor ? await userIdByEmail(database, values.supervisor) : null;
        if (supervisorId) {
          const { rows } = await database.raw.query<{ ok: boolean }>(
            `select organisation_id = $2 and role in ('professional', 'coordinator') as ok from users where id = $1`, [supervisorId, values.organisation]);
          if (!rows[0]?.ok) throw new EnvError('--supervisor must be a professional or coordinator of the same organisation');
        }
        if (role === 'volunteer' && !supervisorId) throw new EnvError('A volunteer needs --supervisor (the e-mail of a professional)');
        const passwordHash = await hashPassword(password);
        const id = await database.system(async (tx) => {
          const id = await createUser(tx, { organisationId: values.organisation!, email: values.email!, name: values.name!, role, supervisorId, passwordHash });
          await writeAudit(tx, { ...cliContext('user'), organisationId: values.organisation! }, { action: 'user.created', result: 'ok', recordType: 'user', recordId: id });
          return id;
        });
        console.log(`User ${id} created.`);
        if (supplied === undefined) console.log(`Password (shown once): ${password}`);
        return 0;
      }
      case 'user disable': {
        if (!values.email) throw new EnvError('--email is required');
        await disableUser(database, await userIdByEmail(database, values.email), cliContext('disable'));
        console.log('User disabled; sessions and tokens ended.');
        return 0;
      }
      case 'user reset-mfa': {
        if (!values.email) throw new EnvError('--email is required');
        const id = await userIdByEmail(database, values.email);
        await database.system(async (tx) => {
          await tx.execute(sql`update users set totp_secret = null, totp_enabled = false, totp_last_step = null where id = ${id}`);
          await tx.execute(sql`delete from sessions where user_id = ${id}`);
          // Tokens stand for a completed second factor: they go with it.
          await tx.execute(sql`update api_tokens set revoked_at = now() where user_id = ${id} and revoked_at is null`);
          await writeAudit(tx, cliContext('reset-mfa'), { action: 'user.mfa_reset', result: 'ok', recordType: 'user', recordId: id });
        });
        console.log('Two-step verification reset; the user sets it up again at the next login.');
        return 0;
      }
      case 'token create': {
        if (!values.user) throw new EnvError('--user EMAIL is required');
        const userId = await userIdByEmail(database, values.user);
        const days = values.days ? Number(values.days) : DEFAULT_TOKEN_DAYS;
        if (!Number.isInteger(days) || days < 1 || days > 366) throw new EnvError('--days must be a whole number from 1 to 366');
        const expires = new Date(Date.now() + days * 86_400_000);
        const { token } = await createApiToken(database, userId, values.name ?? 'cli', cliContext('token'), expires);
        console.log(token);
        return 0;
      }
      case 'digest run': {
        const { amsterdamNow, generateDigests } = await import('../features/worklist/digest.ts');
        // The same calendar as the scheduler: Amsterdam's day, so Monday just after midnight is already the new week.
        const date = values.date ?? amsterdamNow(new Date()).date;
        // The same date rule as every form (no 31 February).
        if (!isoDate.safeParse(date).success) throw new EnvError('--date must be an existing date, YYYY-MM-DD');
        const run = await generateDigests({ database, env }, date);
        console.log(`Digests for ${run.week}: ${run.created} made, ${run.emailed} e-mailed, ${run.failed} not sent (kept in the app).`);
        return run.failed ? 2 : 0;
      }
      case 'audit verify': {
        const result = await verifyAuditChain(database);
        if (result.ok) {
          console.log(`Audit trail intact: ${result.checked} entries verified.`);
          return 0;
        }
        console.error(`Audit trail BROKEN at entry ${result.firstBrokenId}: ${result.reason} (${result.checked} entries before it verified).`);
        return 2;
      }
      case 'backup': {
        if (!sub) break;
        const manifest = await backup(database, sub);
        const total = manifest.tables.reduce((n, t) => n + t.rows, 0);
        await database.system((tx) => writeAudit(tx, cliContext('backup'), { action: 'export.backup', result: 'ok', detail: { rows: total } }));
        console.log(`Backup written to ${sub}: ${total} rows in ${manifest.tables.length} tables.`);
        return 0;
      }
      case 'restore': {
        if (!sub) break;
        let report;
        try {
          report = await restore(database, sub);
        } catch (error) {
          if (!(error instanceof RestoreMismatchError)) throw error;
          await database.system((tx) => writeAudit(tx, cliContext('restore'), { action: 'import.restore', result: 'failed', detail: { mismatches: error.mismatches.length } }));
          console.error(`Restore verification FAILED, nothing was changed: ${error.mismatches.join(', ')}`);
          return 2;
        }
        await database.system((tx) => writeAudit(tx, cliContext('restore'), { action: 'import.restore', result: 'ok', detail: { tables: report.verified.length } }));
        for (const t of report.verified) console.log(`  ${t.name.padEnd(28)} ${String(t.rows).padStart(8)} rows  ${t.checksum.slice(0, 12)}`);
        console.log('Restore verified: row counts and checksums match the backup.');
        return 0;
      }
      default:
        break;
    }
    console.error(`Unknown command: ${positionals.join(' ')}\n\n${HELP}`);
    return 1;
  } finally {
    await database.close();
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof EnvError || error instanceof DataDirInUseError) console.error(error.message);
      else console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      process.exit(1);
    },
  );
}
