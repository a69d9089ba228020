// Enrollment: a new agent sends its CSR (with a one-time join token, or without one to land in
// pending management). This exchange runs before the agent has a certificate, so the MS accepts
// it on a link authenticated only by the server's certificate and nothing else.
import { Type } from 'typebox';
import { CLOSED, HostName, Name, Text, type Wire } from './common.schema.ts';
import { MAX_PEM_LENGTH } from './limits.ts';

const Pem = Type.String({ minLength: 1, maxLength: MAX_PEM_LENGTH });

export const EnrollRequestSchema = Type.Object(
  {
    kind: Type.Literal('enroll-request'),
    agentName: Name,
    hostName: HostName,
    csrPem: Pem,
    joinToken: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  CLOSED,
);
export type EnrollRequest = Wire<typeof EnrollRequestSchema>;

/** Outcome of enrollment, a union on `status`; `pending` means "ask again after retryAfterSeconds". */
export const EnrollResultSchema = Type.Union([
  Type.Object({ kind: Type.Literal('enroll-result'), status: Type.Literal('approved'), certPem: Pem, caCertPem: Pem }, CLOSED),
  Type.Object(
    {
      kind: Type.Literal('enroll-result'),
      status: Type.Literal('pending'),
      retryAfterSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
      message: Text,
    },
    CLOSED,
  ),
  Type.Object({ kind: Type.Literal('enroll-result'), status: Type.Literal('rejected'), message: Text }, CLOSED),
]);
export type EnrollResult = Wire<typeof EnrollResultSchema>;
