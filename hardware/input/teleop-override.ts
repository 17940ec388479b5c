import { KeyboardTeleop } from './keyboard-teleop.js';
import type { TeleopSource } from './teleop-source.js';
import type { KeySource } from './key-source.js';

/**
 * A human takeover of the deploy loop from the same keyboard: the toggle key hands control to
 * keyboard teleop (pd_ee_delta_pose keys) and back. While engaged, keys drive the arm and are
 * hidden from the other listeners (detector, reset, re-arm), except the e-stop key, which always
 * gets through.
 */
export class TeleopOverride implements TeleopSource, KeySource {
  /** Whether the human has control. */
  engaged = false;
  private readonly listeners = new Set<(key: string) => void>();
  private readonly teleop = new KeyboardTeleop();
  private readonly scratch = new Float32Array(7);

  constructor(source: KeySource, private readonly toggleKey = 't', private readonly estopKey = 'e', private readonly onToggle?: (engaged: boolean) => void) {
    source.onKey((k) => this.route(k));
  }

  onKey(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nextAction(target: Float32Array): Float32Array {
    this.teleop.nextAction(this.scratch);
    target.fill(0);
    target.set(this.scratch.subarray(0, Math.min(target.length, 7)));
    return target;
  }

  private route(key: string): void {
    if (key === this.toggleKey) {
      this.engaged = !this.engaged;
      this.teleop.reset();
      this.onToggle?.(this.engaged);
      return;
    }
    if (this.engaged && key !== this.estopKey) {
      this.teleop.handleKey(key);
      return;
    }
    for (const l of [...this.listeners]) l(key);
  }
}
