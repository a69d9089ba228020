// The API's one error mapping: VigilErrors answer with their status and {code, message};
// schema validation failures become VALIDATION_FAILED naming the field; anything else is logged
// and answered as INTERNAL without leaking internals.
import type { FastifyError, FastifyInstance } from 'fastify';
import { VigilError, toVigilError } from '@vigil/core';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let vigilError: VigilError;
    if (error.validation) {
      vigilError = new VigilError('VALIDATION_FAILED', { what: `Request ${error.validationContext ?? ''} ${error.message}`.replace(/\s+/g, ' ').trim() + '.' });
    } else if (error instanceof VigilError) {
      vigilError = error;
    } else if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      vigilError = new VigilError('VALIDATION_FAILED', { what: error.message });
    } else {
      request.log.error({ err: error }, 'request failed');
      vigilError = toVigilError(error);
      vigilError = new VigilError('INTERNAL', { reason: `request ${request.id}` });
    }
    const retryAfterSeconds = vigilError.details.retryAfterSeconds;
    if (typeof retryAfterSeconds === 'number') void reply.header('retry-after', String(retryAfterSeconds));
    void reply.status(vigilError.status).send({ error: vigilError.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new VigilError('NOT_FOUND', { what: 'Route', id: `${request.method} ${request.url}` });
    void reply.status(404).send({ error: error.toJSON() });
  });
}
