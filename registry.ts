import { RegistryError } from './errors.js';

/**
 * A small typed registry of named things (tasks, robots, controllers, policies). Registering an
 * id twice throws; looking up an unknown id throws an error that lists the known ones.
 */
export class Registry<T> {
  private readonly items = new Map<string, T>();

  /** @param kind what the registry holds, used in error messages ("task", "policy"). */
  constructor(readonly kind: string, entries: Iterable<readonly [string, T]> = []) {
    for (const [id, value] of entries) this.register(id, value);
  }

  /** Add `value` under `id`. @throws RegistryError when the id is taken. */
  register(id: string, value: T): this {
    if (this.items.has(id)) throw new RegistryError(`${this.kind} "${id}" is already registered`);
    this.items.set(id, value);
    return this;
  }

  /** The value under `id`. @throws RegistryError naming the known ids when there is none. */
  get(id: string): T {
    const value = this.items.get(id);
    if (value === undefined) {
      throw new RegistryError(`unknown ${this.kind} "${id}"; known: ${this.ids().join(', ') || '(none)'}`);
    }
    return value;
  }

  /** Whether `id` is registered. */
  has(id: string): boolean {
    return this.items.has(id);
  }

  /** Registered ids, sorted. */
  ids(): string[] {
    return [...this.items.keys()].sort();
  }
}
