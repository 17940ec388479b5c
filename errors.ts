import { readFileSync } from 'node:fs';
/**
 * The one base class of every error armkit throws on purpose. Each area (robot, sim, tasks,
 * policies, hardware) derives specific subclasses so callers can catch by kind.
 */
export class ArmkitError extends Error {
  /** @param message what was expected and what came. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input at an API edge (CLI argument, config field, action) did not match what was expected. */
export class InvalidArgumentError extends ArmkitError {}

/** A registry lookup used an id that is not registered, or registered an id twice. */
export class RegistryError extends ArmkitError {}

/** A file or port the user named could not be used: missing, not permitted, a directory, taken. */
export class ResourceError extends ArmkitError {}

// Node's system error codes that name the user's fault, worded for one line.
const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'name too long',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  ENOTFOUND: 'host not found',
};

/**
 * `error` as a ResourceError reading `<doing>: <reason>` ("cannot write out.png: permission
 * denied") when it is a Node system error (it has a `code` such as ENOENT, EACCES, EADDRINUSE),
 * with `error` as its cause; anything else (a bug) comes back unchanged. Use as
 * `catch (e) { throw resourceError(`cannot write ${path}`, e); }` where the user named the path.
 */
export function resourceError(doing: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  return new ResourceError(`${doing}: ${SYSTEM_REASONS[code] ?? code}`, { cause: error });
}

/** The bytes of a file the user named. @throws ResourceError ("cannot read PATH: no such file") for a system error. */
export function readUserFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw resourceError(`cannot read ${path}`, e);
  }
}
