/**
 * The most frequent function words of the languages most common on the web crawls we target,
 * lower-cased. jusText (Pomikálek 2011) classifies a block as prose when enough of its words are
 * stop words; we use the same signal with a short list (the top of the stopwords-iso lists) —
 * enough to tell prose from menus, not to identify languages.
 */
const LISTS = [
  // en
  "the a an and or but of to in on at for with by from as is are was were be been it its this that these those he she they we you i not no have has had will would can could there their his her which who what when",
  // de
  "der die das den dem des ein eine einen einem einer und oder aber zu im in am an auf für mit von aus bei ist sind war waren wird werden hat haben nicht es sie er wir ich sich auch als wie dass so noch nur nach über",
  // fr
  "le la les un une des du de et ou mais à au aux en dans sur pour par avec est sont était être a ont ne pas il elle ils nous vous je ce cette qui que se son sa ses plus",
  // es / pt / it
  "el los las lo una unos y o pero del al con por para es son fue ser está se no su sus que como más o um uma os as e em do da dos das na no com não é são foi il lo gli di da e con per che non si sono è era del della",
  // nl / pl
  "het een en of maar van in op aan voor met door is zijn was waren niet dat die dit ook als bij er i w z na do nie się to jest są jak że o od po przez dla ale czy",
];

export const STOP_WORDS: ReadonlySet<string> = new Set(LISTS.join(" ").split(" "));
