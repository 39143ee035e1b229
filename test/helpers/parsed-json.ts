/**
 * A parsed JSON answer that tests read member by member (`json.data.flowId`); the tests'
 * assertions check its shape, so the type does not.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- read freely by the tests' assertions
export type ParsedJson = any;
