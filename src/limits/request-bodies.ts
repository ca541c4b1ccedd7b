// Request bodies Fastify refuses before any GraphQL runs, answered as GraphQL clients read
// errors (`errors[].extensions.code`) instead of in Fastify's own shape, with Fastify's status:
// - past MAX_REQUEST_BYTES, 413 Payload Too Large (it names the fault exactly, and gateways do
//   not retry it), saying what to change;
// - not JSON although it says it is, empty, or of any other content type (text/plain too): 400 or 415.
import type { FastifyError, FastifyInstance } from "fastify";

export function refuseBadBodies(app: FastifyInstance, maxRequestBytes: number): void {
  // Fastify reads text/plain itself; GraphQL then refused it as a possible cross-site request,
  // in another shape and with another code. No route here takes text.
  app.removeContentTypeParser("text/plain");
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (!error.code?.startsWith("FST_ERR_CTP_") || status < 400 || status >= 500) return reply.send(error);
    const message =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? `The request body is larger than ${maxRequestBytes} bytes (MAX_REQUEST_BYTES). Send fewer representations per request, or raise MAX_REQUEST_BYTES.`
        : `The request body cannot be read: ${error.message}. Send a GraphQL request as JSON ({"query": ..., "variables": ...}) with content-type application/json.`;
    return reply.code(status).send({ errors: [{ message, extensions: { code: "BAD_USER_INPUT", field: "body" } }] });
  });
}
