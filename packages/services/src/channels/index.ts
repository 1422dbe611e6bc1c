/** The assisted channels (issue 13): district-issued channel keys, hotline calls, SMS both ways. */

export {
  CALL_OUTCOMES,
  CallErrors,
  type CallOutcome,
  type CallRecord,
  CallStore,
  callCloseSchema,
  callDay,
  callEventSchema,
} from './calls.ts';
export {
  type ChannelKey,
  ChannelKeyErrors,
  ChannelKeyStore,
  KEY_PURPOSES,
  type KeyPurpose,
  parseChannelKey,
} from './keys.ts';
