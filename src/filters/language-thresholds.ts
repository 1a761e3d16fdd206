/**
 * Per-language thresholds for the Gopher and FineWeb rules, from FineWeb-2 (Penedo et al. 2025,
 * "FineWeb2: One Pipeline to Scale Them All", arXiv:2506.20920; values and stop words from
 * `configs/<lang>_<script>.yml` of github.com/huggingface/fineweb-2, which its pipeline passes to
 * datatrove's GopherRepetition, FineWebQuality and GopherQuality filters). The rules' English
 * thresholds make no sense for languages written without spaces — a Chinese "word" from a
 * segmenter averages under two characters, so Gopher's mean-length minimum of 3 drops nearly
 * every page — so these are the defaults for the languages winnow segments with a dictionary.
 * (Not Korean: FineWeb-2 split its particles off with a Korean tokenizer and lists them as stop
 * words, while winnow splits Korean on spaces, so those values would drop every page.) A
 * filter's `per_language` option overrides them, and adds other languages.
 */
export interface LanguageThresholds {
  dup_line_frac: number;
  top_n_grams: [number, number][];
  dup_n_grams: [number, number][];
  line_punct_thr: number;
  new_line_ratio: number;
  min_avg_word_length: number;
  max_avg_word_length: number;
  max_non_alpha_words_ratio: number;
  stop_words: string[];
}

const dupNgrams = (...fractions: number[]): [number, number][] => fractions.map((f, i) => [5 + i, f]);
const topNgrams = (...fractions: number[]): [number, number][] => fractions.map((f, i) => [2 + i, f]);

/** Keyed by lid.176's ISO 639-1 code; FineWeb-2's file name in the comment. */
export const FINEWEB2_THRESHOLDS: Readonly<Record<string, LanguageThresholds>> = {
  // cmn_Hani
  zh: {
    dup_line_frac: 0.287,
    top_n_grams: topNgrams(0.256, 0.201, 0.171),
    dup_n_grams: dupNgrams(0.198, 0.182, 0.167, 0.154, 0.14, 0.127),
    line_punct_thr: 0.106,
    new_line_ratio: 0.178,
    min_avg_word_length: 1,
    max_avg_word_length: 5,
    max_non_alpha_words_ratio: 0.735,
    stop_words: ["的", "年", "在", "月", "是", "和", "日", "了", "於", "·", "為", "有", "被", "人", "中", "为", "他", "與", "後", "也", "而", "由"],
  },
  // jpn_Jpan
  ja: {
    dup_line_frac: 0.375,
    top_n_grams: topNgrams(0.121, 0.129, 0.145),
    dup_n_grams: dupNgrams(0.307, 0.283, 0.264, 0.248, 0.234, 0.223),
    line_punct_thr: 0.167,
    new_line_ratio: 0.162,
    min_avg_word_length: 1,
    max_avg_word_length: 5,
    max_non_alpha_words_ratio: 0.759,
    stop_words: ["の", "に", "を", "は", "た", "て", "が", "と", "で", "年", "し", "・", "月", "れ", "さ"],
  },
  // tha_Thai
  th: {
    dup_line_frac: 0.349,
    top_n_grams: topNgrams(0.221, 0.197, 0.162),
    dup_n_grams: dupNgrams(0.185, 0.168, 0.152, 0.137, 0.124, 0.111),
    line_punct_thr: 0,
    new_line_ratio: 0.153,
    min_avg_word_length: 2,
    max_avg_word_length: 10,
    max_non_alpha_words_ratio: 0.9,
    stop_words: ["ใน", "ที่", "และ", "ของ", "เป็น", "มี", "การ", "ได้"],
  },
  // khm_Khmr
  km: {
    dup_line_frac: 0.92,
    top_n_grams: topNgrams(0.165, 0.225, 0.242),
    dup_n_grams: dupNgrams(0.197, 0.168, 0.148, 0.126, 0.107, 0.094),
    line_punct_thr: 0.077,
    new_line_ratio: 0.667,
    min_avg_word_length: 2,
    max_avg_word_length: 13,
    max_non_alpha_words_ratio: 0.905,
    stop_words: ["មាន", "បាន", "ដែល", "ជា", "និង", "នៅ", "របស់", "ក្នុង", "ថា", "នេះ", "នៃ", "ហើយ", "ទៅ", "ដោយ"],
  },
  // lao_Laoo
  lo: {
    dup_line_frac: 0.327,
    top_n_grams: topNgrams(0.198, 0.175, 0.143),
    dup_n_grams: dupNgrams(0.187, 0.175, 0.163, 0.149, 0.135, 0.123),
    line_punct_thr: 0,
    new_line_ratio: 0.2,
    min_avg_word_length: 2,
    max_avg_word_length: 9,
    max_non_alpha_words_ratio: 0.85,
    stop_words: ["\u200b", "ແລະ", "ໃນ", "ຂອງ", "ເປັນ", "ທີ່", "ໄດ້", "ມີ"],
  },
  // mya_Mymr
  my: {
    dup_line_frac: 0.308,
    top_n_grams: topNgrams(0.074, 0.097, 0.115),
    dup_n_grams: dupNgrams(0.161, 0.132, 0.118, 0.101, 0.09, 0.079),
    line_punct_thr: 0,
    new_line_ratio: 0.125,
    min_avg_word_length: 2,
    max_avg_word_length: 21,
    max_non_alpha_words_ratio: 0.75,
    stop_words: ["သည်", "များ", "ကို", "တွင်", "ဖြစ်", "၏", "သော", "ခဲ့", "နှင့်", "ရှိ", "တို့", "မှာ", "ဦး", "၌", "က", "မ", "မှ"],
  },
};

/** ISO 639-3 codes (GlotLID labels such as `cmn_Hani`) of the languages above. */
const ALIASES: Readonly<Record<string, string>> = {
  cmn: "zh", zho: "zh", jpn: "ja", tha: "th", khm: "km", lao: "lo", mya: "my",
};

/** The key a `lang` label (`zh`, `zh-Hant`, `cmn_Hani`, `EN`) is looked up under, or undefined. */
export function languageKey(lang: unknown): string | undefined {
  if (typeof lang !== "string" || lang === "") return undefined;
  const base = lang.split(/[_-]/, 1)[0].toLowerCase();
  return ALIASES[base] ?? base;
}
