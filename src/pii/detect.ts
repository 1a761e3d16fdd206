import { findCreditCards } from "./credit-card.js";
import { findEmails } from "./email.js";
import { findIbans } from "./iban.js";
import { findIpv4, findIpv6 } from "./ip.js";
import { findPhones } from "./phone.js";
import type { PiiSpan, PiiType } from "./types.js";
import { findUsSsn } from "./us-ssn.js";

const DETECTORS: Record<PiiType, (text: string, out: PiiSpan[]) => void> = {
  email: findEmails,
  ip: (text, out) => {
    findIpv4(text, out);
    findIpv6(text, out);
  },
  phone: findPhones,
  us_ssn: findUsSsn,
  credit_card: findCreditCards,
  iban: findIbans,
};

/**
 * The personal data of the given types in `text`, in order and without overlaps: every
 * detector scans the original text, then of overlapping findings the one starting first (then
 * the longest) is kept, so that the digits inside an e-mail address or an IBAN are not
 * reported again as a phone number.
 */
export function detectPii(text: string, types: readonly PiiType[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const type of types) DETECTORS[type](text, spans);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiSpan[] = [];
  let end = 0;
  for (const s of spans) {
    if (s.start < end) continue;
    kept.push(s);
    end = s.end;
  }
  return kept;
}

/** `text` with every span replaced by the placeholder of its type. */
export function replaceSpans(text: string, spans: readonly PiiSpan[], placeholder: (type: PiiType) => string): string {
  let out = "";
  let from = 0;
  for (const s of spans) {
    out += text.slice(from, s.start) + placeholder(s.type);
    from = s.end;
  }
  return out + text.slice(from);
}
