/**
 * What consumer apps import (`sealsim/kit`): the in-process simulator and its msw handlers,
 * response validation against the contracts, binary-safe record/replay, callback receiver checks
 * and the recorded vendor flows. The vitest helper is `sealsim/kit/vitest`. docs/interface.md,
 * "The kit", documents every export.
 */
export { createSimulator, SealSim, type SimulatorOptions } from '../index.ts';
export {
  validateRecording,
  validateResponse,
  type CheckResult,
  type RecordingValidation,
  type ValidateOptions,
  type ValidationResult,
} from './validate.ts';
export {
  recordingFetch,
  replayHandlers,
  ReplayMismatchError,
  type FetchFn,
  type ReplayOptions,
} from './record.ts';
export type { BodyMatcher, ReplayRequest } from './match.ts';
export {
  emptyRecording,
  loadRecording,
  RECORDING_FORMAT,
  recordedExchangeSchema,
  recordingJsonSchema,
  recordingSchema,
  requestBytes,
  responseBytes,
  responseJson,
  saveRecording,
  type RecordedExchange,
  type Recording,
} from './recording.ts';
export { sealsimHandlers, VENDOR_REAL_ORIGINS, type SealsimHandlersOptions } from './handlers.ts';
export {
  CALLBACK_REQUIREMENTS,
  checkCallbackReceiver,
  type CallbackAttempt,
  type CallbackCheckOptions,
  type CallbackCheckResult,
  type CallbackReceiver,
  type CallbackVendor,
} from './callbacks.ts';
export { flowFixture, FLOW_VENDORS, VOLATILE_FIELDS, type FlowVendor } from './fixtures.ts';
export { contracts } from '../simulators/all.ts';
