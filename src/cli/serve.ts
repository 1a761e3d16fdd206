import { resolve } from "node:path";
import { startServer } from "../serve/server.js";

/** `winnow serve`: starts the explorer, prints its address, and runs until interrupted. */
export async function serve(dir: string, o: { port: number; host: string; allowRemote?: boolean }): Promise<void> {
  const running = await startServer({ runDir: resolve(dir), port: o.port, host: o.host, allowRemote: o.allowRemote === true });
  console.log(`winnow serve: ${running.url} (Ctrl-C to stop)`);
  await new Promise<void>((done) => {
    const stop = () => void running.close().then(done);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
