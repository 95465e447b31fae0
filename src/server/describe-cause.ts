/**
 * A short, secret-free description of an error for an HTTP answer: its code when it has one,
 * else its class. Messages are left to the log (they may name paths or hosts).
 */
import { AppError } from '../shared/errors.js';

/** `STORAGE_CONNECTION_FAILED`, or `Error`. */
export function describeCause(error: unknown): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof Error) return error.name;
  return typeof error;
}
