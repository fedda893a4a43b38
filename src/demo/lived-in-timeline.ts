import { performance } from 'node:perf_hooks';
import { DomainError, type IsoDate } from '../kernel/index.js';

interface Step {
  on: IsoDate;
  seq: number;
  kind: string;
  run: () => Promise<void>;
}

/**
 * A year's work replayed in date order: a case's next step is scheduled when its previous one succeeded,
 * and the monthly payment runs fall between them on their own dates, so a case approved after the 10th is
 * paid from the next month, as in the product. A step the product refuses (a household no longer eligible, a
 * case already open) ends that story: the refusal is counted, the rest of the year goes on.
 */
export class Timeline {
  private steps: Step[] = [];
  private seq = 0;
  readonly refused = new Map<string, number>();
  /** Milliseconds spent per kind of step, to see where the demo's start time goes. */
  readonly spent = new Map<string, number>();

  constructor(private readonly today: IsoDate) {}

  at(on: IsoDate, kind: string, run: () => Promise<void>): void {
    // Nothing is done in the future: a step due after today is simply not reached yet.
    if (on > this.today) return;
    this.steps.push({ on, seq: this.seq++, kind, run });
  }

  async play(): Promise<void> {
    while (this.steps.length) {
      let next = 0;
      for (let i = 1; i < this.steps.length; i++) {
        const s = this.steps[i];
        const n = this.steps[next];
        if (s.on < n.on || (s.on === n.on && s.seq < n.seq)) next = i;
      }
      const [step] = this.steps.splice(next, 1);
      const started = performance.now();
      try {
        await step.run();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.refused.set(error.code, (this.refused.get(error.code) ?? 0) + 1);
      }
      this.spent.set(step.kind, (this.spent.get(step.kind) ?? 0) + performance.now() - started);
    }
  }
}
