import { unitHash } from "../filters/sample.js";

/**
 * The selection key of a document: log-weight + Gumbel(0, 1) noise. Taking the k largest
 * keys samples k documents without replacement with probability proportional to
 * exp(log-weight) (the Gumbel-top-k trick; Kool et al. 2019, "Stochastic Beams and Where to
 * Find Them", §2; DSIR's `resample` does the same). The noise is a function of (seed, id)
 * only, so the selection does not depend on order, task or worker count.
 */
export function selectionKey(logWeight: number, seed: number, id: string): number {
  // unitHash is a multiple of 2^-53 in [0, 1): move it to the middle of its cell, never 0.
  const u = unitHash(seed, `dsir\0${id}`) + 2 ** -54;
  return logWeight - Math.log(-Math.log(u));
}
