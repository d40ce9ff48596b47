/**
 * Liquid leaves a needle or catheter tip in discrete drops: the delivered volume hangs at the tip
 * until a drop's worth has gathered, then the whole drop lands on the balance at once. Drop sizes
 * vary (surface tension, tip wetting), so each drop's mass is drawn from [minG, maxG] with a
 * seeded generator, lazily, so the same seed always gives the same train of drops.
 */
export class DropTrain {
  /** boundariesG[k] = mass landed after k drops. */
  private readonly boundariesG: number[] = [0];

  constructor(
    readonly minG: number,
    readonly maxG: number,
    private readonly random: () => number,
  ) {}

  /** True when the liquid flows as a stream (no drop model). */
  get continuous(): boolean {
    return !(this.maxG > 0);
  }

  /** Whole drops landed and their mass, given the mass that has left the pump. */
  landed(deliveredG: number): { drops: number; landedG: number; lastDropG: number } {
    if (this.continuous || !(deliveredG > 0)) return { drops: 0, landedG: Math.max(0, this.continuous ? deliveredG : 0), lastDropG: 0 };
    this.extendTo(deliveredG);
    const drops = this.countAtOrBelow(deliveredG);
    const landedG = this.boundariesG[drops] ?? 0;
    const lastDropG = drops > 0 ? landedG - (this.boundariesG[drops - 1] ?? 0) : 0;
    return { drops, landedG, lastDropG };
  }

  /** Mass landed after `drops` drops. */
  boundaryG(drops: number): number {
    return this.boundariesG[drops] ?? this.boundariesG.at(-1) ?? 0;
  }

  // A run far past any balance's capacity must not grow the table without bound.
  private static readonly MAX_DROPS = 2_000_000;

  private extendTo(deliveredG: number): void {
    const b = this.boundariesG;
    while ((b.at(-1) ?? 0) <= deliveredG && b.length < DropTrain.MAX_DROPS) {
      const sizeG = this.minG + (this.maxG - this.minG) * this.random();
      b.push((b.at(-1) ?? 0) + Math.max(sizeG, 1e-9));
    }
  }

  /** Largest k with boundariesG[k] <= deliveredG (binary search; boundaries increase). */
  private countAtOrBelow(deliveredG: number): number {
    const b = this.boundariesG;
    let lo = 0;
    let hi = b.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((b[mid] ?? Infinity) <= deliveredG) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
