import { ArmkitError } from '../errors.js';

/** A policy could not act: bad composition of parts, or a call out of order. */
export class PolicyError extends ArmkitError {}

/** One way a model breaks the armkit model contract. */
export interface ContractMismatch {
  /** What was checked, e.g. `input 'obs' shape` or `metadata 'armkit.kind'`. */
  readonly where: string;
  /** What the contract asks for. */
  readonly expected: string;
  /** What the model holds. */
  readonly found: string;
}

/**
 * A model was refused because it breaks the contract in policies/MODEL-CONTRACT.md. The
 * message lists every mismatch at once so that one export round fixes them all.
 */
export class ModelContractError extends PolicyError {
  /** Every mismatch found, in the order checked. */
  readonly mismatches: readonly ContractMismatch[];

  /**
   * @param model the file name or label of the refused model.
   * @param mismatches every mismatch found; at least one.
   */
  constructor(model: string, mismatches: readonly ContractMismatch[], options?: { cause?: unknown }) {
    const lines = mismatches.map((m) => `${m.where}: expected ${m.expected}, found ${m.found}`);
    // One mismatch is one line; several are counted, one per line.
    super(lines.length === 1 ? `model ${model} breaks the armkit model contract: ${lines[0]}` : `model ${model} breaks the armkit model contract in ${lines.length} places:\n${lines.map((l) => `  - ${l}`).join('\n')}`, options);
    this.mismatches = mismatches;
  }
}

/** One execution provider that could not host a session, and why. */
export interface ProviderFailure {
  /** The provider tried. */
  readonly provider: string;
  /** One line saying why it was not used. */
  readonly reason: string;
}

/** No execution provider in the requested list could host the model. */
export class ExecutionProviderError extends PolicyError {
  /** Every provider tried, with its reason, in the order tried. */
  readonly failures: readonly ProviderFailure[];

  /**
   * @param model the file name or label of the model.
   * @param failures one entry per provider tried.
   */
  constructor(model: string, failures: readonly ProviderFailure[], options?: { cause?: unknown }) {
    const lines = failures.map((f) => `  - ${f.provider}: ${f.reason}`);
    super(`model ${model}: no execution provider could host it:\n${lines.join('\n')}`, options);
    this.failures = failures;
  }
}
