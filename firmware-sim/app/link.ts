import { mulberry32 } from './prng.ts';

/**
 * Faults of the serial link, owned by the simulated world (a brown-out does not heal a bad
 * cable): bit noise on transmitted bytes, a muted device, slow replies. Times are device ms.
 */
export class LinkFaults {
  noiseProbability = 0;
  muteUntilMs: number | undefined;
  slowMs = 0;
  private random: () => number;

  constructor(seed = 1) {
    this.random = mulberry32(seed);
  }

  isMuted(nowMs: number): boolean {
    return this.muteUntilMs !== undefined && nowMs < this.muteUntilMs;
  }

  /** Flips one random bit of each byte with the noise probability (seeded, so runs replay). */
  corrupt(bytes: Uint8Array): Uint8Array {
    if (this.noiseProbability <= 0) return bytes;
    const out = Uint8Array.from(bytes);
    for (let i = 0; i < out.length; i++) {
      if (this.random() < this.noiseProbability) out[i] = (out[i] ?? 0) ^ (1 << Math.floor(this.random() * 8));
    }
    return out;
  }

  clear(): void {
    this.noiseProbability = 0;
    this.muteUntilMs = undefined;
    this.slowMs = 0;
  }
}
