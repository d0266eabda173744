import { pino, type Logger } from 'pino';

// Paths pino masks wherever they appear in a log object. Personal data and secrets never reach a log
// line (LOG-CLEAN); the list is proven by tests/unit/logger.test.ts.
export const REDACT_PATHS = [
  'password', '*.password', 'newPassword', '*.newPassword',
  'token', '*.token', 'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie',
  'cookie', '*.cookie', 'csrf', '*.csrf', 'totp', '*.totp', 'code', '*.code', 'secret', '*.secret',
  'bsn', '*.bsn', 'vNumber', '*.vNumber',
  'text', '*.text', 'note', '*.note', 'body', '*.body',
  'name', '*.name', 'givenNames', '*.givenNames', 'familyName', '*.familyName', 'email', '*.email',
  'dateOfBirth', '*.dateOfBirth',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'thuis' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

// Strip control characters so a value can never forge a second log line (log injection).
export function cleanForLog(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?').slice(0, 200);
}
