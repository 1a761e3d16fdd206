/**
 * spaCy's English tokenizer exceptions ("special cases"): strings that are split in a fixed way
 * (`don't` → `do` `n't`) or never split (`e.g.`, `:)`). Rebuilt here from spaCy v3
 * `spacy/lang/en/tokenizer_exceptions.py` and `spacy/lang/tokenizer_exceptions.py`
 * (explosion/spaCy, MIT), the rules behind datatrove's English word tokenizer.
 * Only the token boundaries matter to us, so each entry maps to its pieces' lengths.
 */

const title = (s: string): string => s[0].toUpperCase() + s.slice(1);

function englishExceptions(): Map<string, string[]> {
  const exc = new Map<string, string[]>();
  const add = (...pieces: string[]): void => void exc.set(pieces.join(""), pieces);

  for (const orth of ["i", "I"]) {
    add(orth, "'m");
    add(orth, "m");
    add(orth, "'m", "a");
    add(orth, "m", "a");
  }
  for (const pron of ["i", "you", "he", "she", "it", "we", "they"]) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'ll");
      add(orth, "ll");
      add(orth, "'ll", "'ve");
      add(orth, "ll", "ve");
      add(orth, "'d");
      add(orth, "d");
      add(orth, "'d", "'ve");
      add(orth, "d", "ve");
    }
  }
  for (const pron of ["i", "you", "we", "they"]) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'ve");
      add(orth, "ve");
    }
  }
  for (const pron of ["you", "we", "they"]) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'re");
      add(orth, "re");
    }
  }
  for (const pron of ["he", "she", "it"]) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'s");
      add(orth, "s");
    }
  }
  const wWords: [string, "sing" | "plur" | null][] = [
    ["who", null], ["what", null], ["when", null], ["where", null], ["why", null], ["how", null],
    ["there", null], ["that", "sing"], ["this", "sing"], ["these", "plur"], ["those", "plur"],
  ];
  for (const [word, number] of wWords) {
    for (const orth of [word, title(word)]) {
      if (number !== "plur") {
        add(orth, "'s");
        add(orth, "s");
      }
      add(orth, "'ll");
      add(orth, "ll");
      add(orth, "'ll", "'ve");
      add(orth, "ll", "ve");
      if (number !== "sing") {
        add(orth, "'re");
        add(orth, "re");
        add(orth, "'ve");
        add(orth, "ve");
      }
      add(orth, "'d");
      add(orth, "d");
      add(orth, "'d", "'ve");
      add(orth, "d", "ve");
    }
  }
  for (const verb of ["ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha", "should", "wo", "would"]) {
    for (const orth of [verb, title(verb)]) {
      add(orth, "n't");
      add(orth, "nt");
      add(orth, "n't", "'ve");
      add(orth, "nt", "ve");
    }
  }
  for (const verb of ["could", "might", "must", "should", "would"]) {
    for (const orth of [verb, title(verb)]) {
      add(orth, "'ve");
      add(orth, "ve");
    }
  }
  for (const verb of ["ai", "are", "is", "was", "were", "have", "has", "dare"]) {
    for (const orth of [verb, title(verb)]) {
      add(orth, "n't");
      add(orth, "nt");
    }
  }
  for (const word of ["doin", "goin", "nothin", "nuthin", "ol", "somethin"]) {
    for (const orth of [word, title(word)]) {
      add(orth);
      add(orth + "'");
    }
  }
  for (const word of ["em", "ll", "nuff"]) {
    add(word);
    add("'" + word);
  }
  for (let h = 1; h <= 12; h++) {
    for (const period of ["a.m.", "am", "p.m.", "pm"]) add(String(h), period);
  }
  for (const pieces of [
    ["y'", "all"], ["y", "all"], ["how", "'d", "'y"], ["How", "'d", "'y"], ["not", "'ve"], ["not", "ve"],
    ["Not", "'ve"], ["Not", "ve"], ["can", "not"], ["Can", "not"], ["gon", "na"], ["Gon", "na"],
    ["got", "ta"], ["Got", "ta"], ["let", "'s"], ["Let", "'s"], ["c'm", "on"], ["C'm", "on"],
  ]) {
    add(...pieces);
  }
  const whole =
    "'S 's \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout ma'am Ma'am " +
    "o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin goin' Goin' " +
    "goin Goin Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. Ga. Ia. Id. Ill. " +
    "Ind. Jan. Jul. Jun. Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss. N.C. N.D. N.H. N.J. N.M. N.Y. " +
    "Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis. " +
    "'d a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr. Ltd. Md. " +
    "Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.";
  for (const orth of whole.split(" ")) add(orth);
  // Real words that the contraction patterns above would split ("ill" = "i" + "ll").
  for (const orth of "Ill ill Its its Hell hell Shell shell Shed shed were Were Well well Whore whore".split(" ")) {
    exc.delete(orth);
  }
  return exc;
}

function baseExceptions(): Map<string, string[]> {
  const exc = new Map<string, string[]>();
  const singles = [" ", "\t", "\\t", "\n", "\\n", "\u2014", "\u00a0", "'", '\\")', "<space>", "''", "C++"];
  for (const c of "abcdefghijklmnopqrstuvwxyzäöü") singles.push(c + ".");
  const emoticons = String.raw`:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8
    ;) ;-) (; (-; :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P :-P :p
    :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD XDD 8D 8-D
    ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O O.o O.O o.o
    0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>`;
  // Older spaCy lists also have the emoticon `")`. spaCy 3.8 as datatrove ran it does not merge
  // `"` `)` (golden document doc-0009264, `(excluding "free")`, decides on that one token),
  // while it does merge `:*` (doc-0035616, `**Default:**`), so `")` is left out.
  for (const e of emoticons.split(/\s+/)) if (e) singles.push(e);
  for (const s of singles) exc.set(s, [s]);
  return exc;
}

/** Special case → UTF-16 lengths of its tokens. English entries override the base ones. */
export const SPECIAL_CASES: ReadonlyMap<string, readonly number[]> = (() => {
  const merged = new Map<string, readonly number[]>();
  for (const table of [baseExceptions(), englishExceptions()]) {
    for (const [key, pieces] of table) merged.set(key, pieces.map((p) => p.length));
  }
  return merged;
})();

/** Longest special case, in UTF-16 units: longer chunks need no lookup. */
export const MAX_SPECIAL_LENGTH = Math.max(...[...SPECIAL_CASES.keys()].map((k) => k.length));

const shape = (length: number, first: number, last: number): number => (Math.imul(length, 0x9e3779b1) ^ Math.imul(first, 0x85ebca6b) ^ last) & 0xffff;
const SHAPES = new Uint8Array(0x10000);
for (const key of SPECIAL_CASES.keys()) SHAPES[shape(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1))] = 1;

/** False when `text[start, end)` cannot be a special case (by its length and end characters): skips a lookup. */
export function mayBeSpecial(text: string, start: number, end: number): boolean {
  return end - start <= MAX_SPECIAL_LENGTH && SHAPES[shape(end - start, text.charCodeAt(start), text.charCodeAt(end - 1))] === 1;
}
