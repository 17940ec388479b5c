import type { RosMessage } from './message-json.js';
import type { TopicSink } from './ros-graph.js';

/** One subscribe request's settings. */
interface SubscribeParams {
  throttleRate: number;
  queueLength: number;
}

/**
 * One client's subscription to one topic, merging the settings of its subscribe ids (the
 * smallest throttle and the longest queue win). Throttling follows rosbridge 0.11.17: with no
 * queue, a message is sent if the last one left at least throttle_rate ms ago and dropped
 * otherwise; with a queue, messages wait in a FIFO of queue_length (the oldest dropped when full)
 * and one leaves every throttle_rate ms, oldest first.
 */
export class ClientSubscription implements TopicSink {
  private readonly ids = new Map<string, SubscribeParams>();
  private throttle = 0;
  private queueLength = 0;
  private queue: string[] = [];
  private lastSent = -Infinity;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly topic: string, private readonly send: (frame: string) => void) {}

  /** Number of subscribe ids held. */
  get size(): number {
    return this.ids.size;
  }

  /** Add a subscribe id (a missing id counts as its own). */
  add(id: string, params: SubscribeParams): void {
    this.ids.set(id, params);
    this.recompute();
  }

  /** Remove one id, or all when `id` is null. */
  remove(id: string | null): void {
    if (id === null) this.ids.clear();
    else this.ids.delete(id);
    this.recompute();
  }

  deliver(_msg: RosMessage, frame: () => string): void {
    if (this.throttle <= 0) {
      this.send(frame());
      return;
    }
    const now = performance.now();
    if (this.queueLength <= 0) {
      if (now - this.lastSent >= this.throttle) {
        this.lastSent = now;
        this.send(frame());
      }
      return;
    }
    this.queue.push(frame());
    if (this.queue.length > this.queueLength) this.queue.shift();
    this.timer ??= setInterval(() => this.drain(), this.throttle);
  }

  /** Send a frame outside the throttle (latched redelivery). */
  sendNow(frame: string): void {
    this.send(frame);
  }

  /** Stop the queue timer. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.queue = [];
  }

  private drain(): void {
    const frame = this.queue.shift();
    if (frame === undefined) {
      this.close();
      return;
    }
    this.lastSent = performance.now();
    this.send(frame);
  }

  private recompute(): void {
    let throttle = Infinity;
    let queue = 0;
    for (const p of this.ids.values()) {
      throttle = Math.min(throttle, p.throttleRate);
      queue = Math.max(queue, p.queueLength);
    }
    this.throttle = Number.isFinite(throttle) ? throttle : 0;
    this.queueLength = queue;
    if (this.timer && this.throttle <= 0) this.close();
  }
}
