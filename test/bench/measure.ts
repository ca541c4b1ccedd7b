// Measuring tools shared by the bench processes: percentiles, clocks, and peak-RSS sampling.
import os from "node:os";

/** The q-quantile (0..1) of `values` by nearest rank; NaN for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface Latencies {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

export function latencies(values: readonly number[]): Latencies {
  return {
    samples: values.length,
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** Milliseconds since an arbitrary origin, sub-millisecond precise. */
export const now = (): number => performance.now();

export const MB = 1024 * 1024;

/**
 * Samples `process.memoryUsage.rss()` every `intervalMs` and keeps the highest value since the
 * last reset. The kernel's maxRSS covers the whole process life; this one covers a window.
 */
export class RssSampler {
  #peak = 0;
  #windowStart = 0;
  #lastRecord = -Infinity;
  /** Every ~500 ms of the window: [ms since reset, rss, V8 heap used, external (array buffers are part of it)] in MB. */
  timeline: [number, number, number, number][] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 20) {
    this.reset();
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.#peak) this.#peak = rss;
    const t = now() - this.#windowStart;
    if (t - this.#lastRecord >= 500) {
      this.#lastRecord = t;
      const usage = process.memoryUsage();
      const mb = (bytes: number) => Math.round(bytes / MB);
      this.timeline.push([Math.round(t), mb(rss), mb(usage.heapUsed), mb(usage.external)]);
    }
    return rss;
  }

  /** Starts a new window at the current RSS. */
  reset(): void {
    this.#peak = 0;
    this.#windowStart = now();
    this.#lastRecord = -Infinity;
    this.timeline = [];
    this.sample();
  }

  /** Highest sampled RSS of the window, in bytes. */
  get peak(): number {
    this.sample();
    return this.#peak;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** The kernel's peak RSS of this process over its whole life, in bytes. */
export const maxRss = (): number => process.resourceUsage().maxRSS * 1024;

/** CPU time (user + system) this process used, in milliseconds. */
export const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU time of the whole machine so far, in milliseconds: busy (all processes) and idle. */
export function machineCpuMs(): { busy: number; idle: number } {
  let busy = 0;
  let idle = 0;
  for (const { times } of os.cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    idle += times.idle;
  }
  return { busy, idle };
}
