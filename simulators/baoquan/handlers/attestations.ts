/**
 * 保全 APIs: /attestations, /attestations/hash (and the doc's /attestation/hash), /factoids,
 * /attestation and /attestation/download.
 *
 * - `unique_id` is idempotent per access key: a repeat answers the first upload's `no` without
 *   looking at the rest of the payload (doc: 保全网只进行1次保全，并返回相同的保全号; guess: the
 *   repeat is not re-validated). Concurrent posts of one unique_id are serialised by a lock and
 *   the check-and-insert happens before any await of the winning request's commit, so they all
 *   get one `no`. /attestations and /attestations/hash share the namespace. The contract requires
 *   it (doc 必选, every SDK); only the attestation of a /contract/sign has none.
 *   decision: baoquan.unique-id-repeat
 * - A factoid `unique_id` that the attestation already holds (or that repeats within one upload)
 *   is processed once: the later copy and its attachments are dropped (doc: 保全网只处理1次).
 *   Factoids without a unique_id are never de-duplicated.
 * - `no` is 32 upper-case hex, as every ano in the SDK tests and the doc's /attestation example
 *   (the doc's /attestations example shows a 22-character id; see contradictions).
 * - identities (guess, the doc names only MO and ID): keys MO, ID, USCID, ORGCODE, USERID
 *   (java-sdk IdentityType); MO must be a mainland mobile, ID an 18-character ID-card number
 *   with a valid check digit, USCID 18 characters of the USCC alphabet, ORGCODE a valid
 *   组织机构代码, USERID a user this access key created with /users/kyc.
 *   decision: baoquan.identity-keys
 */
import { BAOQUAN_IDENTITY_TYPES } from '../../../contracts/baoquan/templates.ts';
import type { BaoquanMatchedAttachment, BaoquanPayloadOf } from '../../../contracts/baoquan/validation.ts';
import { isValidIdCardNo, isValidMobile, isValidOrgCode, USCC_CHARSET } from '../../core/checkdigits.ts';
import { upperHex32 } from '../../core/ids.ts';
import { commitAttachments, prepareAttachments, sha256Hex } from '../attachments.ts';
import { scheduleAnchor } from '../certificate.ts';
import { baoquanCatalogue } from '../../../contracts/baoquan/errors.ts';
import { failParam } from './params.ts';
import { attestationLockKey, uniqueLockKey, type BaoquanRuntime } from '../runtime.ts';
import { own, setOwn, type Attestation, type BaoquanTenant, type Factoid } from '../state.ts';
import { findTemplate, isFileHash, validateFactoids } from '../templates.ts';

type PayloadFactoid = BaoquanPayloadOf<'factoids'>['factoids'][number];

/** The schema-checked factoids as stored: unique_id when given, type, a copy of data. */
function toFactoids(list: readonly PayloadFactoid[]): Factoid[] {
  return list.map((f) => ({
    ...(f.unique_id ? { unique_id: f.unique_id } : {}),
    type: f.type,
    data: structuredClone(f.data),
  }));
}

/** Checks each identity by its kind (see the file comment); values are kept as trimmed strings. */
export function readIdentities(
  t: BaoquanTenant,
  identities: Record<string, string | number>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, raw] of Object.entries(identities)) {
    const field = `identities.${k}`;
    if (!(BAOQUAN_IDENTITY_TYPES as readonly string[]).includes(k)) failParam('invalid', field);
    const value = String(raw).trim();
    if (!value) failParam('missing', field);
    const ok =
      k === 'MO'
        ? isValidMobile(value)
        : k === 'ID'
          ? isValidIdCardNo(value.toUpperCase())
          : k === 'USCID'
            ? value.length === 18 && [...value].every((ch) => USCC_CHARSET.includes(ch))
            : k === 'ORGCODE'
              ? isValidOrgCode(value)
              : own(t.users, value) !== undefined;
    if (!ok) failParam('invalid', field);
    setOwn(out, k, k === 'ID' ? value.toUpperCase() : value);
  }
  return out;
}

/**
 * Drops factoids whose unique_id the attestation (or an earlier factoid of this upload) holds.
 * Returns the kept factoids and, per upload-local index, the kept position (or undefined).
 */
function dedupe(
  existing: readonly Factoid[],
  incoming: Factoid[],
): { kept: Factoid[]; position: Array<number | undefined> } {
  const seen = new Set(existing.map((f) => f.unique_id).filter((u): u is string => !!u));
  const kept: Factoid[] = [];
  const position = incoming.map((f) => {
    if (f.unique_id && seen.has(f.unique_id)) return undefined;
    if (f.unique_id) seen.add(f.unique_id);
    kept.push(f);
    return kept.length - 1;
  });
  return { kept, position };
}

function newNo(t: BaoquanTenant): string {
  let no = upperHex32();
  while (own(t.attestations, no)) no = upperHex32();
  return no;
}

type CreatePayload = BaoquanPayloadOf<'attestations'> | BaoquanPayloadOf<'attestations/hash'>;

/** POST /attestations and /attestations/hash: `{no}`. */
export async function createAttestation(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: CreatePayload,
  matched: readonly BaoquanMatchedAttachment[],
  kind: 'attestation' | 'hash',
): Promise<{ no: string }> {
  const uniqueId = p.unique_id || undefined;
  const run = async () => {
    const existing = uniqueId ? own(t.uniqueIds, uniqueId) : undefined;
    if (existing) return { no: existing };
    const tpl = findTemplate(t, p.template_id);
    if (!tpl) baoquanCatalogue.fail('TEMPLATE_NOT_FOUND');
    if (kind === 'hash' && !isFileHash(t, tpl)) baoquanCatalogue.fail('TEMPLATE_NOT_FILE_HASH');
    const identities = readIdentities(t, p.identities);
    const factoids = toFactoids(p.factoids);
    // A hash attestation is uploaded once and complete (doc: 只允许上传一次，不可追加陈述).
    const completed = kind === 'hash' ? true : (p.completed ?? true);
    const { kept, position } = dedupe([], factoids);
    validateFactoids(tpl, [], kept, completed);
    const prepared = await prepareAttachments(rt, t, matched);

    // Commit: nothing above changed state; nothing below awaits.
    const no = newNo(t);
    const now = rt.now();
    const sha256 = 'sha256' in p && typeof p.sha256 === 'string' ? p.sha256.trim().toLowerCase() : undefined;
    const a: Attestation = {
      no,
      ...(uniqueId ? { unique_id: uniqueId } : {}),
      template_id: tpl.id,
      kind,
      identities,
      factoids: kept,
      completed,
      attachments: commitAttachments(rt, t, prepared, (i) => position[i]),
      ...(kind === 'hash' && sha256 ? { sha256 } : {}),
      createdAt: now,
      ...(completed ? { completedAt: now } : {}),
      blockchainHash: '',
    };
    setOwn(t.attestations, no, a);
    if (uniqueId) setOwn(t.uniqueIds, uniqueId, no);
    if (completed) scheduleAnchor(rt, t, a);
    rt.changed();
    return { no };
  };
  return uniqueId ? rt.lock(uniqueLockKey(t, uniqueId), run) : run();
}

/** POST /factoids: `{success: true}`. */
export async function addFactoids(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'factoids'>,
  matched: readonly BaoquanMatchedAttachment[],
): Promise<{ success: true }> {
  return rt.lock(attestationLockKey(t, p.ano), async () => {
    const a = own(t.attestations, p.ano);
    if (!a) baoquanCatalogue.fail('ATTESTATION_NOT_FOUND');
    if (a.kind === 'hash') baoquanCatalogue.fail('HASH_ATTESTATION_NO_FACTOIDS');
    if (a.completed) baoquanCatalogue.fail('ATTESTATION_COMPLETED');
    const tpl = findTemplate(t, a.template_id);
    if (!tpl) baoquanCatalogue.fail('TEMPLATE_NOT_FOUND'); // deleted since, through the control API
    const completed = p.completed ?? true;
    const { kept, position } = dedupe(a.factoids, toFactoids(p.factoids));
    validateFactoids(tpl, a.factoids, kept, completed);
    const prepared = await prepareAttachments(rt, t, matched);

    const base = a.factoids.length;
    const added = commitAttachments(rt, t, prepared, (i) =>
      position[i] === undefined ? undefined : base + position[i]!,
    );
    a.factoids.push(...kept);
    for (const [k, ids] of Object.entries(added)) a.attachments[k] = [...(a.attachments[k] ?? []), ...ids];
    if (completed) {
      a.completed = true;
      a.completedAt = rt.now();
      scheduleAnchor(rt, t, a);
    }
    rt.changed();
    return { success: true as const };
  });
}

const FIELD_NAMES = ['identities', 'factoids', 'attachments'] as const;

/**
 * POST /attestation. fields (doc): null/absent → every field; [] → identities, factoids and
 * attachments null; a list → only those of the three it names (other names are ignored, guess).
 * decision: baoquan.fields-unknown-ignored
 *
 * The answer's keys are the doc table's and `unique_id`, which every example of the doc's section
 * shows and the Java SDK's GetAttestationData reads (null when the attestation has none).
 * decision: baoquan.attestation-unique-id
 */
export function getAttestation(t: BaoquanTenant, p: BaoquanPayloadOf<'attestation'>) {
  const wanted = new Set<string>(p.fields === undefined || p.fields === null ? FIELD_NAMES : p.fields);
  const a = own(t.attestations, p.ano);
  if (!a) baoquanCatalogue.fail('ATTESTATION_NOT_FOUND');
  return {
    no: a.no,
    unique_id: a.unique_id ?? null,
    template_id: a.template_id,
    identities: wanted.has('identities') ? { ...a.identities } : null,
    factoids: wanted.has('factoids')
      ? a.factoids.map((f) => ({ unique_id: f.unique_id ?? null, type: f.type, data: f.data }))
      : null,
    completed: a.completed,
    attachments: wanted.has('attachments') ? structuredClone(a.attachments) : null,
    blockchain_hash: a.blockchainHash,
  };
}

/** What /contract/sign's Java SDK 2.0.x keys ask to attest. */
export interface SigningAttestationRequest {
  template_id: string;
  identities?: Record<string, string | number> | null;
  factoids?: readonly PayloadFactoid[] | null;
  completed?: boolean | null;
}

/**
 * The attestation of a /contract/sign DONE (Java SDK 2.0.x): checked as /attestations checks its
 * payload, before anything is signed; the returned commit stores it with the signed PDF as the
 * attachment of factoid 0 and answers its `no`. No unique_id (the SDK sends none).
 * decision: baoquan.contract-sign-attestation
 */
export function checkSigningAttestation(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: SigningAttestationRequest,
): (pdf: Uint8Array, fileName: string) => string {
  const tpl = findTemplate(t, p.template_id.trim());
  if (!tpl) baoquanCatalogue.fail('TEMPLATE_NOT_FOUND');
  if (!p.identities || Object.keys(p.identities).length === 0) failParam('missing', 'identities');
  const identities = readIdentities(t, p.identities);
  if (!p.factoids || p.factoids.length === 0) failParam('missing', 'factoids');
  const completed = p.completed ?? true;
  const { kept } = dedupe([], toFactoids(p.factoids));
  validateFactoids(tpl, [], kept, completed);
  return (pdf, fileName) => {
    const no = newNo(t);
    const now = rt.now();
    const file = { part: 'attachments[0][]', index: 0, filename: fileName, contentType: 'application/pdf' };
    const prepared = [{ index: 0, position: 0, file: { ...file, bytes: pdf }, checksum: sha256Hex(pdf) }];
    const a: Attestation = {
      no,
      template_id: tpl.id,
      kind: 'attestation',
      identities,
      factoids: kept,
      completed,
      attachments: commitAttachments(rt, t, prepared, (i) => i),
      createdAt: now,
      ...(completed ? { completedAt: now } : {}),
      blockchainHash: '',
    };
    setOwn(t.attestations, no, a);
    if (completed) scheduleAnchor(rt, t, a);
    return no;
  };
}
