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
