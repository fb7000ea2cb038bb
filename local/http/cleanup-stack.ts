/** What a started runner must undo on stop, undone in the reverse order it was set up. */
export class CleanupStack {
  readonly #cleanups: (() => Promise<void>)[] = [];

  push(cleanup: () => Promise<void>): void {
    this.#cleanups.push(cleanup);
  }

  /** Runs every cleanup once, last pushed first; a second call finds nothing left to do. */
  async runAll(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) await cleanup();
  }
}
