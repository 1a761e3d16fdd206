import { closeSync, openSync, writeSync } from "node:fs";
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { Compressor } from "zstd-napi";
import type { Doc } from "../core/doc.js";
import type { EncoderOptions, FileEncoder } from "./encoder.js";

/** A row group is written when this many documents or UTF-8 bytes of text are buffered. */
const ROW_GROUP_DOCS = 20_000;
const ROW_GROUP_TEXT_BYTES = 64 << 20;
/** Encoded bytes go to disk in pieces of about this size, so a row group is never held twice. */
const FLUSH_BYTES = 1 << 20;

/** The `{id, text, metadata}` layout of a JSONL line; metadata is JSON text marked as such. */
const SCHEMA: SchemaElement[] = [
  { name: "schema", num_children: 3 },
  { name: "id", type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" }, repetition_type: "REQUIRED" },
  { name: "text", type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" }, repetition_type: "REQUIRED" },
  { name: "metadata", type: "BYTE_ARRAY", converted_type: "JSON", logical_type: { type: "JSON" }, repetition_type: "REQUIRED" },
];

/** hyparquet-writer's byte buffer, drained into a file descriptor instead of growing. */
class FdWriter extends ByteWriter {
  constructor(private readonly fd: number) {
    super(2 * FLUSH_BYTES);
  }

  override ensure(size: number): void {
    if (this.index >= FLUSH_BYTES) this.flush();
    super.ensure(size);
  }

  /** Called by ParquetWriter after each row group, and by us on finish. */
  flush(): void {
    const bytes = new Uint8Array(this.buffer, 0, this.index);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done);
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }
}

/**
 * Parquet with columns `id` and `text` (strings) and `metadata` (JSON), ZSTD-compressed.
 * Documents are buffered into row groups; each is encoded and written as soon as it is full.
 * The file holds no timestamps and a fixed `created_by`, so equal documents give equal bytes.
 */
export class ParquetEncoder implements FileEncoder {
  private readonly fd: number;
  private readonly out: FdWriter;
  private readonly parquet: ParquetWriter;
  private ids: string[] = [];
  private texts: string[] = [];
  private metadata: Record<string, unknown>[] = [];
  private textBytes = 0;

  constructor(path: string, opts: EncoderOptions = {}) {
    const zstd = new Compressor();
    // Pages carry no CRC, so the zstd checksum is what turns a damaged page into an error.
    zstd.setParameters({ compressionLevel: opts.level ?? 3, checksumFlag: true });
    this.fd = openSync(path, "w");
    this.out = new FdWriter(this.fd);
    this.parquet = new ParquetWriter({
      writer: this.out,
      schema: SCHEMA,
      codec: "ZSTD",
      compressors: { ZSTD: (page) => zstd.compress(page) },
      createdBy: "winnow",
    });
  }

  get bytesWritten(): number {
    return this.out.offset - this.out.index;
  }

  add(doc: Doc): void {
    this.ids.push(doc.id);
    this.texts.push(doc.text);
    this.metadata.push(doc.metadata);
    this.textBytes += Buffer.byteLength(doc.text);
    if (this.ids.length >= ROW_GROUP_DOCS || this.textBytes >= ROW_GROUP_TEXT_BYTES) this.writeRowGroup();
  }

  private writeRowGroup(): void {
    if (this.ids.length === 0) return;
    this.parquet.write({
      columnData: [
        { name: "id", data: this.ids },
        { name: "text", data: this.texts },
        // Min/max of JSON are never truncated: whole metadata objects would bloat the footer.
        { name: "metadata", data: this.metadata, statistics: false },
      ],
      rowGroupSize: this.ids.length,
    });
    this.ids = [];
    this.texts = [];
    this.metadata = [];
    this.textBytes = 0;
  }

  close(): void {
    this.writeRowGroup();
    this.parquet.finish();
    closeSync(this.fd);
  }

  abort(): void {
    closeSync(this.fd);
  }
}
