import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectPii } from "../src/pii/detect.js";
import { PII_TYPES, type PiiType } from "../src/pii/types.js";

/** The findings of one type in `text`, as strings. */
function found(text: string, type: PiiType): string[] {
  return detectPii(text, [type]).map((s) => text.slice(s.start, s.end));
}

/** Every positive is found whole, alone in a sentence; no negative yields a finding. */
function check(type: PiiType, positives: string[], negatives: string[]) {
  for (const p of positives) assert.deepEqual(found(`Contact: ${p}, thanks.`, type), [p], `should find ${p}`);
  for (const n of negatives) assert.deepEqual(found(`Contact: ${n}, thanks.`, type), [], `should not find in ${n}`);
}

/** Luhn check digit, computed as the standard states it (weights 2,1,2,1… from the right of the payload). */
function luhnComplete(payload: string): string {
  const digits = payload.split("").map(Number).reverse();
  const sum = digits.reduce((s, d, i) => s + (i % 2 === 0 ? Math.floor((d * 2) / 10) + ((d * 2) % 10) : d), 0);
  return payload + String((10 - (sum % 10)) % 10);
}

/** IBAN with computed check digits: 98 − (BBAN + country + "00" as a number mod 97), BigInt arithmetic. */
function ibanFor(country: string, bban: string): string {
  const numeric = (bban + country + "00").replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const check = 98n - (BigInt(numeric) % 97n);
  return country + String(check).padStart(2, "0") + bban;
}

const group4 = (s: string, sep = " ") => s.match(/.{1,4}/g)!.join(sep);

describe("pii detectors", () => {
  it("e-mail", () => {
    check(
      "email",
      ["john.doe@example.com", "John.Doe+news@Mail.Example.CO.UK", "a_b-c%d@sub-domain.example.org", "x@y.io"],
      ["john@localhost", "logo@2x.png", "a@b.c", "user@-bad.com", "@example.com", "name@", "x@1.2.3.4", "a..@b.com"],
    );
    // Trailing dot of a sentence and leading punctuation are left out; ".." restarts the local part.
    assert.deepEqual(found("mail <me@example.com>.", "email"), ["me@example.com"]);
    assert.deepEqual(found("see a..b@example.com", "email"), ["b@example.com"]);
  });

  it("IPv4: public only, whole dotted quads", () => {
    check(
      "ip",
      ["8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "223.255.255.255"],
      [
        "10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.1.1", "100.64.0.1", "0.1.2.3",
        "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "224.0.0.1", "255.255.255.255",
        "256.1.1.1", "01.2.3.4", "1.2.3", "v1.2.3.4", "1.2.3.4.5", "1.2.3.4a",
      ],
    );
  });

  it("IPv6: public (global unicast) only", () => {
    check(
      "ip",
      ["2001:4860:4860::8888", "2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "2001:0db9:0:0:0:0:0:1"],
      ["::1", "fe80::1", "fd00::1", "2001:db8::1", "ff02::1", "::ffff:10.0.0.1", "3fff::1", "12:30:45", "00:1a:2b:3c:4d:5e", "std::vector", "2001:4860::8888::1"],
    );
    assert.deepEqual(found("IP:2001:4860:4860::8888.", "ip"), ["2001:4860:4860::8888"]);
  });

  it("phone numbers", () => {
    check(
      "phone",
      [
        "+1 415 555 2671", "+1 (415) 555-2671", "+14155552671", "+44 20 7946 0958", "+33 1 23 45 67 89",
        "+49 (0)30 1234567", "(415) 555-2671", "415-555-2671", "415.555.2671", "1-800-555-1234", "020 7946 0958",
        "01 23 45 67 89", "030/12345678",
      ],
      [
        "2023-10-15", "10/15/2023", "15.10.2023", "2023-10-15 12:30", "15.10.2023 10:30", "1.2.3.4",
        "192.168.100.200", "10.0.19041.1234", "978-3-16-148410-0", "1700000000", "12345678901234",
        "10 20 30 40 50", "555-1234", "+1234567", "(415 555-2671", "415) 555-2671", "4111 1111 1111 1111",
        "2019 2020 2021",
      ],
    );
  });

  it("US SSN, with never-issued numbers excluded", () => {
    check(
      "us_ssn",
      ["123-45-6789", "078 05 1121", "899-99-9999"],
      ["000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000", "123456789", "123-45 6789", "1123-45-6789", "123-45-67890", "123-45-6789-1"],
    );
    assert.deepEqual(found("ssn 123-45-6789 2024", "us_ssn"), ["123-45-6789"]);
  });

  it("credit cards: known issuer, card grouping, Luhn computed independently", () => {
    const visa = luhnComplete("411111111111111");
    const mc = luhnComplete("555555555555444");
    const mc2 = luhnComplete("222100000000000");
    const amex = luhnComplete("37828224631000");
    const discover = luhnComplete("601111111111111");
    const jcb = luhnComplete("353011133330000");
    assert.equal(visa, "4111111111111111"); // the well-known test number
    const bad = visa.slice(0, -1) + String((Number(visa.at(-1)) + 1) % 10);
    check(
      "credit_card",
      [visa, group4(visa), group4(mc, "-"), mc2, amex, "3782 822463 10005", discover, jcb, luhnComplete("411111111111")],
      [bad, group4(bad), luhnComplete("123456789012345"), luhnComplete("99999999999999"), "4111 11111 1111 111", "4111-1111 1111-1111", `${visa}1`],
    );
  });

  it("IBAN: country length table and mod-97 computed independently", () => {
    const de = ibanFor("DE", "370400440532013000");
    const gb = ibanFor("GB", "NWBK60161331926819");
    const fr = ibanFor("FR", "20041010050500013M02606");
    const no = ibanFor("NO", "86011117947");
    assert.equal(de, "DE89370400440532013000"); // the registry's example
    assert.equal(gb, "GB29NWBK60161331926819");
    const wrongCheck = de.slice(0, 2) + "88" + de.slice(4);
    check(
      "iban",
      [de, group4(de), gb, group4(gb), fr, group4(fr), no],
      [wrongCheck, group4(wrongCheck), ibanFor("DE", "3704004405320130001"), ibanFor("ZZ", "370400440532013000"), `${de}7`, `X${de}`],
    );
  });

  it("overlaps: the finding that starts first wins; types can be chosen", () => {
    const text = "Mail 4155552671@example.com or call +1 415 555 2671 from 8.8.8.8";
    const spans = detectPii(text, PII_TYPES);
    assert.deepEqual(
      spans.map((s) => [s.type, text.slice(s.start, s.end)]),
      [
        ["email", "4155552671@example.com"],
        ["phone", "+1 415 555 2671"],
        ["ip", "8.8.8.8"],
      ],
    );
    assert.deepEqual(detectPii(text, ["ip"]).map((s) => s.type), ["ip"]);
  });
});
