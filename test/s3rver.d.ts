/** The part of s3rver (a fake S3 server on npm, test-only) that the storage tests use. */
declare module "s3rver" {
  export default class S3rver {
    constructor(options: { port?: number; address?: string; silent?: boolean; directory: string; configureBuckets?: { name: string }[] });
    run(): Promise<import("node:net").AddressInfo>;
    close(): Promise<void>;
  }
}
