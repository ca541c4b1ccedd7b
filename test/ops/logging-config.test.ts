// LOG_LEVEL: one of pino's levels, in any case; another stops the server with a message naming
// the variable, rather than pino's stack trace at the first line logged.
import { expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

it("takes pino's levels in any case (blank: unset), and refuses another level naming the variable and the levels", () => {
  expect(loadConfig({}).logLevel).toBeUndefined();
  expect(loadConfig({ LOG_LEVEL: " " }).logLevel).toBeUndefined();
  expect(loadConfig({ LOG_LEVEL: " Debug " }).logLevel).toBe("debug");
  for (const bad of ["warning", "verbose"]) {
    expect(() => loadConfig({ LOG_LEVEL: bad })).toThrow(/LOG_LEVEL.*"trace"\|"debug"\|"info"\|"warn"\|"error"\|"fatal"\|"silent"/);
  }
});
