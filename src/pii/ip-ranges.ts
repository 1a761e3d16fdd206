/**
 * Which addresses identify a host on the public Internet. Like datatrove's `PIIFormatter`
 * (`ipaddress.ip_address(ip).is_global`) and Dolma's PII tagger, only those count as personal
 * data: private, loopback, link-local, shared, benchmarking, documentation, multicast and
 * reserved blocks name no one. Blocks: IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 and updates), plus multicast (RFC 5771) and the reserved 240.0.0.0/4.
 */
const V4_NOT_PUBLIC: readonly (readonly [number, number])[] = [
  [0x00000000, 8], // 0.0.0.0/8 "this network"
  [0x0a000000, 8], // 10.0.0.0/8 private
  [0x64400000, 10], // 100.64.0.0/10 shared (carrier-grade NAT)
  [0x7f000000, 8], // 127.0.0.0/8 loopback
  [0xa9fe0000, 16], // 169.254.0.0/16 link-local
  [0xac100000, 12], // 172.16.0.0/12 private
  [0xc0000000, 24], // 192.0.0.0/24 IETF protocol assignments
  [0xc0000200, 24], // 192.0.2.0/24 documentation (TEST-NET-1)
  [0xc0a80000, 16], // 192.168.0.0/16 private
  [0xc6120000, 15], // 198.18.0.0/15 benchmarking
  [0xc6336400, 24], // 198.51.100.0/24 documentation (TEST-NET-2)
  [0xcb007100, 24], // 203.0.113.0/24 documentation (TEST-NET-3)
  [0xe0000000, 4], // 224.0.0.0/4 multicast
  [0xf0000000, 4], // 240.0.0.0/4 reserved, with the broadcast address
];

export function isPublicV4(ip: number): boolean {
  for (const [base, bits] of V4_NOT_PUBLIC) {
    if ((ip >>> (32 - bits)) === (base >>> (32 - bits))) return false;
  }
  return true;
}

/**
 * `groups`: the eight 16-bit groups. Global unicast is 2000::/3 (RFC 4291 §2.4; everything
 * else is loopback, mapped, unique-local, link-local, multicast or unassigned), minus
 * 2001::/23 (IETF protocol assignments: Teredo, benchmarking, ORCHID), 2001:db8::/32 and
 * 3fff::/20 (documentation, RFC 3849 and RFC 9637).
 */
export function isPublicV6(groups: readonly number[]): boolean {
  const g0 = groups[0];
  if (g0 < 0x2000 || g0 > 0x3fff) return false;
  if (g0 === 0x2001 && (groups[1] < 0x0200 || groups[1] === 0x0db8)) return false;
  return !(g0 === 0x3fff && groups[1] < 0x1000);
}
