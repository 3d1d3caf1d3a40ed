/** The server's health as the page sees it; polled, so a restart shows up without a reload. */
export type ServerState = 'checking' | 'ready' | 'degraded' | 'offline';

export class ServerStatus {
  state = $state<ServerState>('checking');
  #timer: ReturnType<typeof setInterval> | null = null;

  async check(): Promise<void> {
    try {
      const [health, ready] = await Promise.all([fetch('/healthz'), fetch('/readyz')]);
      this.state = !health.ok ? 'offline' : ready.ok ? 'ready' : 'degraded';
    } catch {
      this.state = 'offline';
    }
  }

  start(intervalMs = 10_000): () => void {
    void this.check();
    this.#timer = setInterval(() => void this.check(), intervalMs);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
    };
  }
}
