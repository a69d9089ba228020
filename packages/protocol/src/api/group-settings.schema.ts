import { Type, type Static } from 'typebox';

/** What happens to a new agent without a join token: SCOM's reject / review (pending) / auto-approve. */
export const ApprovalPolicySchema = Type.Object(
  { policy: Type.Union([Type.Literal('reject'), Type.Literal('review'), Type.Literal('auto-approve')]) },
  { additionalProperties: false },
);
export type ApprovalPolicySetting = Static<typeof ApprovalPolicySchema>;
