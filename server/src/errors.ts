// The server's error type: a code from the one catalogue in protocol, a message, and
// optionally the field at fault. The error handler turns it into the contract's shape.
import { httpStatusOf, type ErrorCode } from '@roomwarden/protocol';

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = httpStatusOf(code);
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
export const invalid = (field: string, message: string): AppError => new AppError('VALIDATION_FAILED', message, field);
