/**
 * What consumer apps import (`sealsim/kit`): the in-process simulator, msw handlers, response
 * validation against the contracts, and record/replay. The vitest helper is `sealsim/kit/vitest`.
 */
export { createSimulator, SealSim, type SimulatorOptions } from '../index.ts';
export {
  validateRecording,
  validateResponse,
  type ValidateOptions,
  type ValidationResult,
} from './validate.ts';
export { recordingFetch, replayHandlers, type Recording, type RecordedExchange } from './record.ts';
export { contracts } from '../simulators/registry.ts';
