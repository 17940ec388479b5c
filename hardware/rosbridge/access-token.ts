import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { InvalidArgumentError } from '../../errors.js';

/** Whether `host` reaches this machine's loopback interface only (localhost, 127.0.0.0/8, ::1). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** `host` as a URL writes it: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * The token a server bound to `host` asks every client for: `given`; else, off loopback, a fresh
 * random one (anything on the network could otherwise command the arm or read the episode);
 * else none.
 */
export function bindToken(host: string, given?: string): string | undefined {
  return given ?? (isLoopback(host) ? undefined : randomBytes(18).toString('base64url'));
}

/**
 * Refuse to serve off loopback without a token.
 * @throws InvalidArgumentError naming the address.
 */
export function checkBind(host: string, token: string | undefined): void {
  if (token === '') throw new InvalidArgumentError('an access token must not be empty');
  if (token === undefined && !isLoopback(host)) throw new InvalidArgumentError(`binding ${host} (not loopback) needs an access token, got none`);
}

/** Whether a request's `given` token is `token`, compared in time that does not depend on where they differ. */
export function tokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false;
  // Equal-length digests: timingSafeEqual needs equal lengths, and the length is not leaked.
  return timingSafeEqual(digest(given), digest(token));
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
