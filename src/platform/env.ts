import { z } from 'zod';

// Every setting Thuis reads from the environment, validated once at boot so a typo fails loudly
// with the name of the variable instead of surfacing later as a strange runtime error.
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // 0 lets the operating system pick a free port (tests, benchmarks).
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  THUIS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  THUIS_PUBLIC_URL: z.url().optional(),
  // 32 random bytes, base64. Encrypts TOTP seeds; without it a key file is created in THUIS_DATA_DIR.
  THUIS_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  // Cookies carry the __Host- prefix and Secure. Browsers accept that on https and on localhost;
  // only a plain-http deployment on another host needs this escape hatch.
  THUIS_INSECURE_COOKIES: z.enum(['0', '1']).default('0'),
  THUIS_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  THUIS_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  THUIS_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  THUIS_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
  THUIS_SEARCH_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(120),
  // Second-factor attempts per account per 15 minutes; raise only for load tests that sign in many sessions.
  THUIS_MFA_ATTEMPTS_PER_15_MINUTES: z.coerce.number().int().min(1).max(1000).default(5),
  // The weekly digest goes out by e-mail when SMTP is configured (smtp://host:port or smtps://user:pass@host:port);
  // without it the digest is only kept in the app.
  THUIS_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://host:port or smtps://host:port').optional(),
  THUIS_SMTP_FROM: z.string().trim().min(3).max(320).default('Thuis <noreply@thuis.invalid>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
}
