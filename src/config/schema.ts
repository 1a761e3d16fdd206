import { z } from "zod";
import { byteSize } from "../io/bytes.js";
import { OUTPUT_FORMATS } from "../writers/encoder.js";

export const INPUT_FORMATS = ["jsonl", "jsonl.gz", "jsonl.zst", "parquet", "warc", "wet", "arc"] as const;

export const inputSchema = z
  .object({
    paths: z
      .union([z.string(), z.array(z.string()).min(1)])
      .transform((p) => (typeof p === "string" ? [p] : p))
      .describe("Files, directories or glob patterns, relative to the pipeline file, or URLs (s3://, gs://, az://, hf://datasets/…, http(s)://); a *.paths(.gz) file lists inputs one per line (Common Crawl's warc.paths.gz)."),
    format: z.enum(INPUT_FORMATS).optional().describe("Input format; by default from each file's extension."),
    text_key: z.string().min(1).default("text").describe("Field that holds the document text."),
    id_key: z.string().min(1).default("id").describe("Field that holds the document id; when absent the id is <file>#<line>."),
    max_doc_bytes: byteSize.default(16e6).describe("A document larger than this goes to errors/ instead of memory."),
    warc: z
      .object({
        content_types: z.array(z.string().min(1)).min(1).default(["text/html", "application/xhtml+xml"]).describe("Media types of HTTP responses kept as documents."),
        skip_truncated: z.boolean().default(false).describe("Skip records marked WARC-Truncated (cut by the crawler) instead of keeping them with metadata.truncated."),
      })
      .strict()
      .optional()
      .describe("Which WARC/ARC records become documents; the others are skipped and counted per reason."),
    listing: z
      .object({
        base_url: z.string().min(1).default("https://data.commoncrawl.org/").describe("Prefix of the relative paths in a *.paths(.gz) listing (Common Crawl's; e.g. s3://commoncrawl/ with credentials)."),
        first: z.int().positive().optional().describe("Take only the first N lines of each listing."),
        shards: z.int().positive().default(1).describe("Split each listing's lines into this many shards (line i goes to shard i mod shards)…"),
        shard: z.int().nonnegative().default(0).describe("…and take this one (0-based)."),
      })
      .strict()
      .refine((l) => l.shard < l.shards, { message: "shard must be less than shards", path: ["shard"] })
      .optional()
      .describe("How *.paths(.gz) listings (one input path per line, as Common Crawl publishes them) are read."),
  })
  .strict();

export const storageSchema = z
  .object({
    endpoint: z.string().url().optional().describe("Endpoint of an S3-compatible store (MinIO, R2, …), of Azure Blob (emulator, sovereign clouds) or of the Hugging Face Hub; default: the service's own, or AWS_ENDPOINT_URL for s3://."),
    region: z.string().optional().describe("S3 region (default: AWS_REGION, else us-east-1)."),
    anonymous: z.boolean().default(false).describe("Send unsigned requests (public buckets) when no credentials are in the environment."),
    force_path_style: z.boolean().default(false).describe("S3: address buckets as endpoint/bucket instead of bucket.endpoint (most self-hosted stores need it)."),
    max_concurrency: z.int().positive().default(16).describe("Requests in flight at once per process (each worker thread is a process here)."),
    retries: z.int().nonnegative().default(8).describe("Retries of a request that was throttled (429, SlowDown), failed on the server (5xx) or lost its connection."),
    retry_base_ms: z.int().positive().default(200).describe("Backoff of the first retry (upper bound; full jitter), doubling per retry…"),
    retry_max_ms: z.int().positive().default(20000).describe("…up to this."),
    part_size: byteSize.default(16 << 20).refine((n) => n >= 5 << 20, "expected at least 5MiB (S3's smallest part)").describe("Multipart uploads: size of each part; smaller objects are uploaded in one request."),
    staging_dir: z.string().min(1).optional().describe("When output is a URL: the local run directory the tasks work in before their files are uploaded (default .winnow-staging/<bucket>/<path> beside the pipeline file; on Slurm, put it on a shared filesystem)."),
  })
  .strict();

export const tasksSchema = z
  .object({
    max_bytes: byteSize
      .default(64e6)
      .describe("Uncompressed JSONL files larger than this are split at line boundaries into tasks of about this size."),
  })
  .strict();

export const removedSchema = z
  .object({
    format: z.enum(OUTPUT_FORMATS).default("jsonl.zst").describe("Format of removed/<step>/ files."),
    max_file_bytes: byteSize.default(1e9).describe("Start a new removed file past this size."),
  })
  .strict();

export const slurmSchema = z
  .object({
    partition: z.string().optional().describe("Slurm partition (sbatch --partition)."),
    account: z.string().optional().describe("sbatch --account."),
    qos: z.string().optional().describe("sbatch --qos."),
    cpus_per_task: z.int().positive().default(1).describe("CPUs per array element (a task runs on one thread)."),
    mem: z.string().default("4G").describe("Memory per array element (sbatch --mem), e.g. 4G."),
    time: z.string().default("24:00:00").describe("Time limit per array element (sbatch --time)."),
    max_parallel: z.int().positive().default(100).describe("Array elements of one stage running at once (the %N of --array)."),
    tasks_per_job: z.int().positive().default(1).describe("Tasks run one after another by each array element."),
    max_array_size: z.int().positive().optional().describe("Split arrays above this size (default: the cluster's MaxArraySize)."),
    sbatch_lines: z.array(z.string()).default([]).describe("Extra `#SBATCH` options, e.g. [\"--constraint=skylake\"]."),
  })
  .strict();

/** The pipeline file, before its steps are checked against their own schemas. */
export const pipelineSchema = z
  .object({
    name: z.string().min(1).optional().describe("Name of the pipeline (default: the file name)."),
    input: inputSchema,
    output: z.string().min(1).describe("Run directory, relative to the pipeline file, or a URL (s3://, gs://, az://): tasks then upload their files, then a completion marker."),
    seed: z.int().default(0).describe("Seed of every random choice (each a function of seed and document id)."),
    workers: z.int().positive().optional().describe("Worker threads (default: available cores). Does not change the output."),
    executor: z.enum(["local", "slurm"]).default("local").describe("Where tasks run: worker threads here, or Slurm array jobs. Does not change the output."),
    storage: storageSchema.default(() => storageSchema.parse({})).describe("Object storage: endpoint, credentials mode, request concurrency, retries, multipart part size."),
    slurm: slurmSchema.default(() => slurmSchema.parse({})).describe("Settings of the Slurm executor."),
    tasks: tasksSchema.default({ max_bytes: 64e6 }),
    removed: removedSchema.default({ format: "jsonl.zst", max_file_bytes: 1e9 }),
    steps: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .describe("Ordered steps; each is a one-key mapping `step_name: {options}`. A final `write` is added when absent."),
  })
  .strict();

export type PipelineInput = z.input<typeof pipelineSchema>;
