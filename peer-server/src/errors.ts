import type { ApiErrorCode } from '../../shared/schemas/rooms-api';

const STATUS: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  origin_not_allowed: 403,
  wrong_passcode: 403,
  not_a_member: 403,
  not_host: 403,
  sprint_running: 409,
  no_sprint: 409,
  club_not_found: 404,
  room_not_found: 404,
  not_found: 404,
  room_full: 409,
  room_code_taken: 409,
  payload_too_large: 413,
  rate_limited: 429,
  room_locked: 429,
  internal: 500,
  shutting_down: 503,
  catalog_unavailable: 503,
  guest_limit: 429,
  account_required: 403,
};

/** An error the API reports as `{ error: { code, message } }` with the matching HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = STATUS[code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      },
    };
  }
}
