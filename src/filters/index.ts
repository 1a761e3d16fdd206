import { c4BadWords } from "./c4-badwords.js";
import { c4Paragraph } from "./c4-paragraph.js";
import { c4Quality } from "./c4-quality.js";
import { finewebQuality } from "./fineweb-quality.js";
import { gopherQuality } from "./gopher-quality.js";
import { gopherRepetition } from "./gopher-repetition.js";
import { refinedwebLines } from "./refinedweb-lines.js";

/** The rule-based quality filters of Gopher, C4/mC4, RefinedWeb and FineWeb, with their published defaults. */
export const qualityFilters = [gopherRepetition, gopherQuality, c4Quality, c4Paragraph, c4BadWords, refinedwebLines, finewebQuality] as const;

export { c4BadWords, c4Paragraph, c4Quality, finewebQuality, gopherQuality, gopherRepetition, refinedwebLines };
