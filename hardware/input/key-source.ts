/** A stream of single key presses (an operator's keyboard, or a test). */
export interface KeySource {
  /** Listen; returns the function that stops listening. */
  onKey(listener: (key: string) => void): () => void;
}

/** Keys pressed by code: tests and scripted operators. */
export class ManualKeySource implements KeySource {
  private readonly listeners = new Set<(key: string) => void>();

  onKey(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Press `key`. */
  press(key: string): void {
    for (const l of [...this.listeners]) l(key);
  }

  /** Resolve at the next press of one of `keys`. */
  next(keys: readonly string[]): Promise<string> {
    return nextKey(this, keys);
  }
}

/** Resolve at the next press on `source` of one of `keys`, with the key pressed. */
export function nextKey(source: KeySource, keys: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const off = source.onKey((k) => {
      if (keys.includes(k)) {
        off();
        resolve(k);
      }
    });
  });
}
