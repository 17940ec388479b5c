import { PolicyError } from '../policy-errors.js';
import type { ProtocolErrorCode } from './protocol.js';

/**
 * A request the policy server refused, or a reply the client could not read. `code` names the
 * problem in the protocol's terms, so the side that gets it as an error reply can tell kinds apart.
 */
export class ProtocolError extends PolicyError {
  /** @param code what kind of problem; travels in the error reply. */
  constructor(readonly code: ProtocolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A remote policy could not act: the server did not answer in time, is gone, or refused the request. */
export class RemotePolicyError extends PolicyError {}
