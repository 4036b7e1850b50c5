/**
 * Web and email addresses inside text that people typed. Mail clients turn
 * anything that looks like an address into a link, so a name such as
 * "Verify at evil.example/login" would become a clickable link inside the
 * portal's own email (OWASP: "Content Spoofing"; the same defanging CISA and
 * most CERTs use when they quote addresses, e.g. "example[.]com"). Pure.
 */

// A dot, or the ideographic and full-width dots that address parsers (UTS #46) read as one.
const DOT = '[.\\uFF0E\\u3002\\uFF61]';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
const NOT_WORD = '(?![\\p{L}\\p{N}])';

/** host.tld (also inside an email address or before a path): labels, then a top-level domain of letters. */
const DOMAIN = new RegExp(`(?:${LABEL}${DOT})+\\p{L}{2,63}${NOT_WORD}`, 'gu');
/** A dotted IPv4 address, which mail clients link as readily as a name. */
const IPV4 = new RegExp(`\\d{1,3}(?:${DOT}\\d{1,3}){3}(?!\\d)`, 'gu');
/** A URL scheme followed by "//" (https://, ftp://…) or a mailto:/javascript: style scheme. */
const SCHEME = /\b([a-z][a-z0-9+.-]{1,20}):(\/\/|\\\\)/gi;
const BARE_SCHEMES = /\b(mailto|javascript|vbscript|data):(?=\S)/gi;

/**
 * Top-level domains most used in links (the generic ones and the common
 * country ones). A bare "word.tld" counts as an address in a name only with one
 * of these, so "St.Mary" or "J.B.Hunt" pass; anything with a scheme, "www.",
 * a path or an "@" counts whatever its ending.
 */
const COMMON_TLDS = new Set(
  ('com net org gov edu mil int info biz name pro mobi app dev io ai co me us ca uk de fr ru cn jp in br au nl eu ' +
    'xyz top site online store shop club live link click email help support news tech cloud page today world ' +
    'ly gl gd tk ml ga cf gq cc tv ws to sh la vip win bid icu cyou buzz rest fun space website zip mov').split(' '),
);

/** Does this text contain something a mail client or browser would take as a web or email address? */
export function looksLikeAddress(s: string): boolean {
  if (new RegExp(SCHEME.source, 'i').test(s) || new RegExp(BARE_SCHEMES.source, 'i').test(s)) return true;
  if (/\bwww\d{0,3}[.\uFF0E\u3002\uFF61]/i.test(s)) return true;
  if (new RegExp(IPV4.source, 'u').test(s)) return true;
  for (const m of s.matchAll(DOMAIN)) {
    const after = s.slice((m.index ?? 0) + m[0].length);
    const before = s.slice(0, m.index ?? 0);
    const tld = m[0].split(new RegExp(DOT, 'u')).pop()!.toLowerCase();
    if (COMMON_TLDS.has(tld) || /^[/:?#]/.test(after) || /@$/.test(before)) return true;
  }
  return false;
}

/**
 * The same text with every address made inert: "https://evil.example/x" becomes
 * "https[:]//evil[.]example/x" and "bob@mail.example" "bob@mail[.]example".
 * Still readable by a person, no longer linked by a mail client. Stricter than
 * looksLikeAddress: any host.tld is defanged, whatever its ending.
 */
export function defangAddresses(s: string): string {
  return s
    .replace(SCHEME, (_m, scheme: string, slashes: string) => `${scheme}[:]${slashes}`)
    .replace(BARE_SCHEMES, (_m, scheme: string) => `${scheme}[:]`)
    .replace(DOMAIN, (host) => host.replace(new RegExp(DOT, 'gu'), '[.]'))
    .replace(IPV4, (ip) => ip.replace(new RegExp(DOT, 'gu'), '[.]'));
}
