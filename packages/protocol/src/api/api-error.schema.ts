// Every SDK API failure has this body: a stable code from the server's error catalogue, a
// sentence that says what to do, and the details the sentence was built from.
import { Type, type Static } from 'typebox';

export const ApiErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
export type ApiErrorBody = Static<typeof ApiErrorBodySchema>;
