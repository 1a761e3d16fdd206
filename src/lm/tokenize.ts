/**
 * The words the perplexity step scores, and that a model for it must be trained on: the text
 * lowercased (String.prototype.toLowerCase, locale-independent), then split into maximal runs
 * of letters, combining marks and digits (\p{L}\p{M}\p{N}), every other non-space character
 * being a word of its own; whitespace only separates. "Don't stop!" → don ' t stop !
 *
 * CCNet instead normalized (lowercase, accents stripped, digits → 0, punctuation unified;
 * cc_net/text_normalizer.py) and cut text into SentencePiece pieces (cc_net/perplexity.py),
 * so its perplexities, and its bucket cut-offs, are not comparable with a model over these words.
 */
const WORD = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

export function lmWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}
