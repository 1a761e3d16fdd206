/**
 * A decimal number from ASCII bytes, as `Number(text)` would read it, without making a string.
 * Up to 15 significant digits and a power of ten within ±22 is exact: both the digits and the
 * power are exact doubles, so one correctly rounded multiply or divide gives the correctly
 * rounded result (Clinger 1990, "How to read floating point numbers accurately", fast path).
 * Anything else goes through `Number` on the bytes. NaN if the bytes are not a number.
 */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

export function parseFloatBytes(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  let negative = false;
  if (buf[i] === 0x2d /* - */) {
    negative = true;
    i++;
  } else if (buf[i] === 0x2b /* + */) i++;
  let digits = 0;
  let significant = 0;
  let mantissa = 0;
  let scale = 0;
  let seenDot = false;
  for (; i < to; i++) {
    const c = buf[i];
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      if (mantissa !== 0 || c !== 0x30) significant++;
      mantissa = mantissa * 10 + (c - 0x30);
      if (seenDot) scale--;
    } else if (c === 0x2e /* . */ && !seenDot) seenDot = true;
    else break;
  }
  if (digits === 0) return slow(buf, from, to);
  if (i < to) {
    if (buf[i] !== 0x65 && buf[i] !== 0x45 /* e E */) return NaN;
    let j = i + 1;
    let expNegative = false;
    if (buf[j] === 0x2d) {
      expNegative = true;
      j++;
    } else if (buf[j] === 0x2b) j++;
    let exp = 0;
    const expStart = j;
    for (; j < to; j++) {
      const c = buf[j];
      if (c < 0x30 || c > 0x39 || exp > 1e5) return slow(buf, from, to);
      exp = exp * 10 + (c - 0x30);
    }
    if (j === expStart) return NaN;
    scale += expNegative ? -exp : exp;
  }
  if (significant > 15) return slow(buf, from, to);
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale >= 0 && scale <= 22) value = mantissa * POW10[scale];
  else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale];
  else return slow(buf, from, to);
  return negative ? -value : value;
}

function slow(buf: Uint8Array, from: number, to: number): number {
  const text = Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString("latin1");
  // Number("") is 0 and Number accepts "Infinity", hex and spaces: ARPA numbers are plain decimals.
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
}
