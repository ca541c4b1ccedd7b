// Where a command writes: results to `out` (stdout, for pipes), progress and problems to `err`.
export interface Terminal {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export function println(stream: NodeJS.WritableStream, line = ""): void {
  stream.write(`${line}\n`);
}
