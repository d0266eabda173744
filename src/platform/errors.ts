// One error type for the whole application: a code that maps to an HTTP status and a translated message.
// Business code throws AppError(code); routes translate it; nothing below the route knows about HTTP.
export const ERROR_STATUS = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 422,
  CONFLICT: 409,
  CSRF: 403,
  RATE_LIMITED: 429,
  MFA_REQUIRED: 403,
  BAD_REQUEST: 400,
  TOO_LARGE: 413,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  field: string;
  message: string; // a message key in the i18n catalogue
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  readonly retryAfterSeconds: number | undefined;
  /** REL-LOCK: on CONFLICT, the record as it is now, so the second writer sees what changed. */
  readonly current: unknown;
  constructor(code: ErrorCode, options: { fields?: FieldError[]; retryAfterSeconds?: number; detail?: string; current?: unknown } = {}) {
    super(options.detail ?? code);
    this.code = code;
    this.fields = options.fields ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.current = options.current;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function errorMessageKey(code: ErrorCode): string {
  return `error.${code}`;
}
