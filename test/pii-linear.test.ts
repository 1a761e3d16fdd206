import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findCreditCards } from "../src/pii/credit-card.js";
import { detectPii } from "../src/pii/detect.js";
import { findEmails } from "../src/pii/email.js";
import { findIbans } from "../src/pii/iban.js";
import { findIpv4, findIpv6 } from "../src/pii/ip.js";
import { findPhones } from "../src/pii/phone.js";
import { PII_TYPES, type PiiSpan } from "../src/pii/types.js";
import { findUsSsn } from "../src/pii/us-ssn.js";

type Detector = (text: string, out: PiiSpan[]) => void;

const MB = 1 << 20;
/** Slack for timer and scheduler noise on a busy machine (ms). */
const SLACK_MS = 25;

/**
 * Inputs that make naive scanners quadratic: long runs that a backtracking regex or a scan
 * restarting at every position would re-read (digits, digits between separators, dots, `@`,
 * hex and colons, country codes).
 */
const ADVERSARIAL: Record<string, [Detector, string[]]> = {
  email: [findEmails, ["@", "a@", "a.a@"]],
  ipv4: [findIpv4, ["1.", "01."]],
  ipv6: [findIpv6, ["f:", "1.1:"]],
  phone: [findPhones, ["1 ", "+1 ", "(1)-"]],
  us_ssn: [findUsSsn, ["1 ", "123-45-"]],
  credit_card: [findCreditCards, ["1-", "4111 "]],
  iban: [findIbans, ["DE89 ", "DE89"]],
};

/** `unit` repeated to `size` characters, with a word before and after. */
function repeat(unit: string, size: number): string {
  return `start ${unit.repeat(Math.ceil(size / unit.length)).slice(0, size)} end`;
}

/** CPU time of `fn` (ms): unlike the wall clock, it does not count the time other processes held the core. */
function ms(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1e3;
}

/**
 * Times the scan of 1 MB and 2 MB, alternating so that load from other processes hits both
 * alike, and keeps the fastest of `runs` runs each: the least disturbed.
 */
function measure(scan: (text: string) => void, one: string, two: string, runs: number): [number, number] {
  let t1 = Infinity;
  let t2 = Infinity;
  for (let r = 0; r < runs; r++) {
    t1 = Math.min(t1, ms(() => scan(one)));
    t2 = Math.min(t2, ms(() => scan(two)));
  }
  return [t1, t2];
}

/** Linear: t(2 MB) < 3 × t(1 MB) + slack. A failure is measured again, longer, before it counts (busy machines). */
function assertLinear(name: string, scan: (text: string) => void, unit: string) {
  const one = repeat(unit, MB);
  const two = repeat(unit, 2 * MB);
  scan(one); // warm up the JIT on this shape of input
  let [t1, t2] = measure(scan, one, two, 3);
  if (t2 >= 3 * t1 + SLACK_MS) [t1, t2] = measure(scan, one, two, 6);
  assert.ok(t2 < 3 * t1 + SLACK_MS, `${name} on ${JSON.stringify(unit)}×: 1 MB ${t1.toFixed(1)} ms, 2 MB ${t2.toFixed(1)} ms`);
}

describe("pii scanners run in linear time", () => {
  for (const [name, [detect, units]] of Object.entries(ADVERSARIAL)) {
    it(name, () => {
      for (const unit of units) assertLinear(name, (text) => detect(text, []), unit);
    });
  }

  it("all detectors together, on a mixed adversarial string", () => {
    // A fixed pseudo-random mix of the characters every scanner reacts to.
    const alphabet = "0123456789.:@-+ ()/abcdefDEGB";
    let s = 7;
    let unit = "";
    for (let i = 0; i < 4096; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      unit += alphabet[(s >>> 16) % alphabet.length];
    }
    assertLinear("detectPii", (text) => detectPii(text, PII_TYPES), unit);
  });
});
