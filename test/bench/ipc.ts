// Request/response over a forked child's IPC channel: the bench drives its measured subgraph
// process with named commands and awaits their answers.
import type { ChildProcess } from "node:child_process";

type Message = { id: number; command: string; args: unknown };
type Answer = { id: number; result?: unknown; error?: string };

/** In the child: answers each command with its handler's result (or its error's stack). */
export function serveCommands(handlers: Record<string, (args: any) => Promise<unknown> | unknown>): void {
  process.on("message", (message: Message) => {
    const handler = handlers[message.command];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.command}`);
        return handler(message.args);
      })
      .then(
        (result) => process.send!({ id: message.id, result } satisfies Answer),
        (error: unknown) =>
          process.send!({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
}

/** In the parent: `call(command, args)` resolves with the child's answer; `name` says which child in errors. */
export function commandClient(child: ChildProcess, name = "subgraph process") {
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on("message", (answer: Answer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (answer.error !== undefined) waiting.reject(new Error(`${name}: ${answer.error}`));
    else waiting.resolve(answer.result);
  });
  child.on("exit", (code, signal) => {
    for (const waiting of pending.values()) {
      waiting.reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
    }
    pending.clear();
  });
  return {
    call<T>(command: string, args: unknown = null): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, command, args } satisfies Message);
      });
    },
  };
}
