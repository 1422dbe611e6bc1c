/** The assisted channels (issue 13): district-issued channel keys, hotline calls, SMS both ways. */

export {
  CALL_OUTCOMES,
  CallErrors,
  type CallOutcome,
  type CallRecord,
  CallStore,
  callDay,
  countCalls,
} from './calls.ts';
export { broadcastSchema, callCloseSchema, callEventSchema, closeInboundSchema } from './inputs.ts';
export {
  type ChannelKey,
  ChannelKeyErrors,
  ChannelKeyStore,
  KEY_PURPOSES,
  type KeyPurpose,
  parseChannelKey,
  TOPIC_ARN,
} from './keys.ts';
export {
  countInbound,
  DEFAULT_SMS_RULES,
  type InboundMessage,
  inQuietHours,
  mainlandMobile,
  parseCommand,
  SMS_KINDS,
  SMS_STATES,
  type SmsCommand,
  SmsErrors,
  type SmsKind,
  type SmsLogEntry,
  type SmsRules,
  type SmsState,
  SmsStore,
  smsRulesSchema,
} from './sms.ts';
export {
  type CertFetcher,
  httpsCertFetcher,
  isSnsCertUrl,
  SnsErrors,
  type SnsMessage,
  snsMessageSchema,
  snsStringToSign,
  verifySnsMessage,
} from './sns.ts';
