/** How long one slice of a long read may hold the event loop before it lets others run. */
const defaultBudgetMs = 4;

/**
 * Cooperative slicing of long work on the event loop (reading 1,500 rooms, assembling a study):
 * `yieldIfDue` lets timers, sockets and other requests run (`setImmediate`) once `budgetMs` has
 * passed since the last yield, so no slice holds the loop much longer than one step of the work.
 * One per operation: two operations interleave, each keeping to its own budget.
 */
export class TimeSlice {
  private started = performance.now();

  constructor(private readonly budgetMs = defaultBudgetMs) {}

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.started >= this.budgetMs) await this.yield();
  }

  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}
