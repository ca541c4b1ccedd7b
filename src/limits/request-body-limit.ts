// The largest request body (MAX_REQUEST_BYTES), refused as GraphQL clients read errors: Fastify
// answers a body past its bodyLimit with 413 Payload Too Large before any GraphQL runs. 413 stays
// (it is the client's fault, names the fault exactly, and gateways do not retry it); the body
// becomes a GraphQL error with BAD_USER_INPUT and what to change, instead of Fastify's own shape.
import type { FastifyError, FastifyInstance } from "fastify";

export function refuseLargeBodies(app: FastifyInstance, maxRequestBytes: number): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code !== "FST_ERR_CTP_BODY_TOO_LARGE") return reply.send(error);
    return reply.code(413).send({
      errors: [
        {
          message: `The request body is larger than ${maxRequestBytes} bytes (MAX_REQUEST_BYTES). Send fewer representations per request, or raise MAX_REQUEST_BYTES.`,
          extensions: { code: "BAD_USER_INPUT", field: "body" },
        },
      ],
    });
  });
}
