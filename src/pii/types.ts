/** The kinds of personal data the `pii` step finds. */
export const PII_TYPES = ["email", "ip", "phone", "us_ssn", "credit_card", "iban"] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** One finding: `text.slice(start, end)` is the personal datum. */
export interface PiiSpan {
  start: number;
  end: number;
  type: PiiType;
}
