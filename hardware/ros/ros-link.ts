import { Ros } from 'roslib';

/** Events of a RosLink. */
export interface RosLinkEvents {
  /** Connected (first time or again); roslib has re-sent its subscriptions and advertisements. */
  onOpen(): void;
  /** The connection dropped; a reconnect is scheduled. */
  onClose(): void;
  /** A diagnostic line. */
  log(line: string): void;
}

/**
 * A roslib connection that comes back: after any close it reconnects with exponential backoff
 * (initial delay doubling up to the maximum, reset by a success) until close() is called.
 * roslib re-sends subscribe and advertise frames itself on reconnection.
 */
export class RosLink {
  /** The roslib handle topics and services are made on. */
  readonly ros = new Ros({});
  private delay: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private open = false;
  /** Why the last attempt failed (a refusal such as the server's 401), null before any failure. */
  lastError: string | null = null;

  // The URL dialled: `url` with the access token, which log lines (naming `url`) leave out.
  private readonly dialled: string;

  constructor(readonly url: string, token: string | null, private readonly backoff: { initialDelayMs: number; maxDelayMs: number }, private readonly events: RosLinkEvents) {
    if (token === null) this.dialled = url;
    else {
      const dialled = new URL(url);
      dialled.searchParams.set('token', token);
      this.dialled = dialled.href;
    }
    this.delay = backoff.initialDelayMs;
    this.ros.on('connection', () => {
      this.open = true;
      this.delay = backoff.initialDelayMs;
      events.onOpen();
    });
    this.ros.on('close', () => {
      const was = this.open;
      this.open = false;
      if (was) events.onClose();
      this.schedule();
    });
    this.ros.on('error', (e) => {
      this.lastError = describe(e);
      events.log(`rosbridge ${url}: ${this.lastError}`);
    });
  }

  /** Whether the socket is open. */
  get connected(): boolean {
    return this.open && this.ros.isConnected;
  }

  /** Start connecting (and keep reconnecting). */
  start(): void {
    this.attempt();
  }

  /** Stop reconnecting and close the socket. */
  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ros.close();
  }

  private attempt(): void {
    if (this.stopped) return;
    this.ros.connect(this.dialled).catch((e: unknown) => {
      this.events.log(`rosbridge ${this.url}: connect failed: ${describe(e)}`);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    const wait = this.delay;
    this.delay = Math.min(this.backoff.maxDelayMs, this.delay * 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.attempt();
    }, wait);
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  const m = (e as { message?: unknown })?.message;
  return typeof m === 'string' ? m : String((e as { type?: unknown })?.type ?? e);
}
