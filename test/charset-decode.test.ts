import assert from "node:assert/strict";
import { test } from "node:test";
import { TextDecoder } from "node:util";
import { decodeHtml, decodeText, detectCharset, encodingOf, metaCharset } from "../src/text/charset.js";

const JA = "日本語の文章です。東京都の天気は晴れで、明日は雨が降るでしょう。私たちは新しい技術を使って、より良い社会を作りたいと考えています。ご質問があれば、お気軽にお問い合わせください。";
const ZH_HANS = "中国的经济发展在过去几十年里取得了巨大的成就，人民的生活水平不断提高。我们需要继续努力，为实现国家的现代化而奋斗。这是一个重要的问题，大家都应该认真思考。";
const ZH_HANT = "台灣的經濟發展在過去幾十年裡取得了巨大的成就，人民的生活水準不斷提高。我們需要繼續努力，這是一個重要的問題，大家都應該認真思考。";
const RU = "Москва - столица России, крупнейший по численности населения город страны. Мы хотим рассказать вам о нашей компании и о том, как мы работаем с клиентами.";
const DE = "Die Straße führt über die Brücke zum Museum. Müller wohnt in München und fährt täglich mit dem Fahrrad zur Universität, außer wenn es schneit.";

/** Bytes of `text` in a legacy encoding, from a table made by decoding every 1- and 2-byte sequence (Node has no legacy encoders). */
function encode(text: string, encoding: string): Buffer {
  const dec = new TextDecoder(encoding);
  const table = new Map<string, number[]>();
  const add = (bytes: number[]) => {
    const ch = dec.decode(Uint8Array.from(bytes));
    if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, bytes);
  };
  for (let b = 0; b < 256; b++) add([b]);
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) add([lead, trail]);
  return Buffer.from([...text].flatMap((ch) => {
    const bytes = table.get(ch);
    assert.ok(bytes, `${encoding} cannot encode ${ch}`);
    return bytes;
  }));
}

/** ISO-2022-JP: the EUC-JP double-byte codes less 0x80, between ESC $ B and ESC ( B. */
function iso2022jp(text: string): Buffer {
  const euc = encode(text, "euc-jp");
  const out: number[] = [];
  let inJis = false;
  for (let i = 0; i < euc.length; i++) {
    const wide = euc[i] >= 0x80;
    if (wide !== inJis) out.push(0x1b, ...(wide ? [0x24, 0x42] : [0x28, 0x42]));
    inJis = wide;
    if (wide) out.push(euc[i++] - 0x80, euc[i] - 0x80);
    else out.push(euc[i]);
  }
  if (inJis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

const page = (body: Buffer, head = "") => Buffer.concat([Buffer.from(`<html><head>${head}<title>t</title></head><body><p>`), body, Buffer.from("</p></body></html>")]);

test("Node decodes every encoding the detector and the web need (full ICU)", () => {
  for (const enc of ["shift_jis", "euc-jp", "iso-2022-jp", "gbk", "gb18030", "big5", "euc-kr", "koi8-r", "koi8-u", "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1256", "iso-8859-2", "iso-8859-5", "iso-8859-15"]) {
    assert.equal(new TextDecoder(enc).encoding, enc);
  }
});

test("labels resolve per WHATWG, plus common Windows names; unknown labels are ignored", () => {
  assert.equal(encodingOf("x-sjis"), "shift_jis");
  assert.equal(encodingOf("Shift-JIS"), "shift_jis");
  assert.equal(encodingOf("cp932"), "shift_jis");
  assert.equal(encodingOf("gb2312"), "gbk");
  assert.equal(encodingOf("GB_2312-80"), "gbk");
  assert.equal(encodingOf("latin1"), "windows-1252");
  assert.equal(encodingOf(" 'UTF8' "), "utf-8");
  assert.equal(encodingOf("x-euc-jp"), "euc-jp");
  assert.equal(encodingOf("no-such-charset"), undefined);
  // An unusable declaration falls through to detection.
  assert.equal(decodeHtml(encode(RU, "windows-1251"), "text/html; charset=bogus").charset, "windows-1251");
});

test("windows-1252 maps 0x80–0x9F as WHATWG says, working around Node's Latin-1 decoding", () => {
  const { text, charset } = decodeHtml(Buffer.from([0x80, 0x20, 0x91, 0x61, 0x92, 0x20, 0x93, 0x62, 0x94, 0x20, 0x96, 0x20, 0x99, 0x20, 0xe9, 0x81]), "text/html; charset=iso-8859-1");
  assert.equal(charset, "windows-1252");
  assert.equal(text, "€ ‘a’ “b” – ™ é\u0081");
});

test("order: BOM, then HTTP charset, then <meta>, then detection", () => {
  const ru1251 = encode(RU, "windows-1251");
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RU)]);
  assert.deepEqual(decodeHtml(bom, "text/html; charset=windows-1251"), { text: RU, charset: "utf-8" });
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RU, "utf16le")]);
  assert.deepEqual(decodeHtml(le), { text: RU, charset: "utf-16le" });

  const withMeta = page(ru1251, '<meta charset="koi8-r">');
  assert.equal(decodeHtml(withMeta, "text/html; charset=windows-1251").charset, "windows-1251");
  assert.equal(decodeHtml(withMeta, "text/html").charset, "koi8-r");
  const httpEquiv = page(ru1251, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">');
  assert.equal(decodeHtml(httpEquiv).charset, "windows-1251");
  assert.ok(decodeHtml(httpEquiv).text.includes(RU));
  // A commented-out meta is no declaration; a meta past the scanned head is not seen.
  assert.equal(metaCharset(page(ru1251, '<!-- <meta charset="koi8-r"> -->')), undefined);
  assert.equal(metaCharset(Buffer.concat([Buffer.from(`<html><head><script>${"x".repeat(5000)}</script><meta charset="koi8-r">`)])), undefined);
  // WHATWG: a meta cannot declare UTF-16 (the page was read as ASCII to find it).
  assert.equal(decodeHtml(page(Buffer.from("abc"), '<meta charset="utf-16">')).charset, "utf-8");
  // Plain text has no meta scan.
  assert.equal(decodeText(page(ru1251, '<meta charset="koi8-r">')).charset, "windows-1251");
});

test("declarations contradicted by the bytes are passed over", () => {
  // Server default iso-8859-1 over a UTF-8 page: valid multi-byte UTF-8 wins.
  assert.deepEqual(decodeHtml(Buffer.from(DE), "text/html; charset=iso-8859-1"), { text: DE, charset: "utf-8" });
  // Server default utf-8 over a windows-1251 page: the meta, then detection decide.
  const ru = page(encode(RU, "windows-1251"));
  assert.equal(decodeHtml(ru, "text/html; charset=utf-8").charset, "windows-1251");
  // A UTF-8 page with a stray byte and a sequence cut at the end is still UTF-8.
  const mostly = Buffer.concat([Buffer.from(JA + JA), Buffer.from([0xff]), Buffer.from(JA).subarray(0, 10)]);
  assert.equal(decodeHtml(mostly, "text/html; charset=utf-8").charset, "utf-8");
  assert.equal(detectCharset(mostly), "utf-8");
});

test("detection tells Japanese, Chinese, Cyrillic and Western encodings apart", () => {
  const cases: [string, Buffer][] = [
    ["shift_jis", encode(JA, "shift_jis")],
    ["euc-jp", encode(JA, "euc-jp")],
    ["iso-2022-jp", iso2022jp(JA)],
    ["gb18030", encode(ZH_HANS, "gbk")],
    ["big5", encode(ZH_HANT, "big5")],
    ["windows-1251", encode(RU, "windows-1251")],
    ["koi8-r", encode(RU, "koi8-r")],
    ["windows-1252", encode(DE, "windows-1252")],
    ["utf-8", Buffer.from(JA + ZH_HANS + RU)],
    ["utf-8", Buffer.from("plain ASCII only")],
  ];
  for (const [expected, bytes] of cases) {
    assert.equal(detectCharset(page(bytes)), expected, `${expected}: ${bytes.toString("latin1", 0, 40)}`);
    const { text, charset } = decodeHtml(page(bytes));
    assert.equal(charset, expected);
    assert.doesNotMatch(text, /\ufffd/);
  }
  assert.ok(decodeHtml(page(iso2022jp(JA))).text.includes(JA));
  assert.ok(decodeHtml(page(encode(ZH_HANT, "big5"))).text.includes(ZH_HANT));
});

test("invalid bytes never throw: they become U+FFFD", () => {
  let x = 12345;
  const noise = Buffer.from(Array.from({ length: 5000 }, () => (x = (x * 1103515245 + 12345) % 2 ** 31) >> 23));
  for (const label of ["utf-8", "shift_jis", "euc-jp", "iso-2022-jp", "gbk", "big5", "koi8-r", "utf-16be"]) {
    assert.equal(typeof decodeHtml(noise, `text/html; charset=${label}`).text, "string");
  }
  assert.equal(typeof decodeHtml(noise).text, "string");
  assert.deepEqual(decodeHtml(Buffer.alloc(0)), { text: "", charset: "utf-8" });
});
