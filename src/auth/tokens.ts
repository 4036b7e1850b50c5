/** One-time link secrets: 32 random bytes in the link, only their SHA-256 in the database. */
import { createHash, randomBytes } from 'node:crypto';

export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
