// The one catalogue of error codes, each with its HTTP status.
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_CURSOR: 400,
  PAYLOAD_TOO_LARGE: 400,
  // the HTTP server's own refusals (router and connection)
  REQUEST_TIMEOUT: 408,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  NOT_AUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  ACCOUNT_DISABLED: 403,
  LOCAL_LOGIN_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  LAST_ADMINISTRATOR: 409,
  BUILT_IN_ROLE: 409,
  ALREADY_EXISTS: 409,
  RATE_LIMITED: 429,
  // enrollment
  ENROLLMENT_TOKEN_INVALID: 401,
  ENROLLMENT_TOKEN_EXPIRED: 401,
  ENROLLMENT_TOKEN_USED: 401,
  ENROLLMENT_TOKEN_REVOKED: 401,
  DEVICE_ALREADY_ENROLLED: 409,
  DEVICE_REVOKED: 403,
  // remote sessions, in the order the server checks them
  REMOTE_ACCESS_DISABLED: 409,
  REMOTE_ACCESS_NOT_PERMITTED: 403,
  REMOTE_ACCESS_MODE_NOT_PERMITTED: 403,
  ROOM_REMOTE_ACCESS_EXCLUDED: 409,
  AGENT_OFFLINE: 409,
  AGENT_VNC_UNAVAILABLE: 409,
  /** A live control session holds the room: the message names who is connected. */
  SESSION_IN_PROGRESS: 409,
  /** The room's agent reports a meeting on: Modify holders may start with override: {reason}. */
  ROOM_IN_MEETING: 409,
  /** The start named a display the room's agent does not bridge. */
  DISPLAY_NOT_FOUND: 409,
  SESSION_NOT_ACTIVE: 409,
  // room actions
  /** The room's agent has no command for this action (or is too old to run actions). */
  ROOM_ACTION_UNAVAILABLE: 409,
  TICKET_INVALID: 401,
  // rooms (issue 14)
  /** The room is retired: its history stays, nothing new happens to it. */
  ROOM_RETIRED: 409,
  // sso
  OIDC_NOT_CONFIGURED: 409,
  OIDC_STATE_MISMATCH: 400,
  OIDC_LOGIN_FAILED: 401,
  OIDC_DOMAIN_NOT_ALLOWED: 403,
  // generic
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; details?: unknown };
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CATALOGUE[code];
}
