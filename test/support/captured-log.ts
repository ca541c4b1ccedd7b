// A logger whose lines a test can read: to check what was logged, and that no secret was.
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/logger.js";

export function capturedLog(level = "debug"): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = createLogger({
    level,
    destination: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }),
  });
  return { log, lines };
}
