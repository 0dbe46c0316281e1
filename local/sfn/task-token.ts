import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 64;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{86}$/;

/** A fresh, opaque task token: 64 random bytes, base64url (86 characters). */
export function createTaskToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether a string has the shape of a token this emulator issues. */
export function isWellFormedTaskToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** The SHA-256 digest by which a token is indexed, so that closed tokens are never kept. */
export function taskTokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
