/**
 * The baoquan service's live state: the tenant map (keyed by access key), the default tenant,
 * and promise locks (per unique_id, per attestation, per contract) so that concurrent requests
 * for the same thing never interleave their awaits. Everything that persists is plain JSON in
 * `tenants`; locks are transient.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VendorRuntime } from '../core/runtime.ts';
import type { VendorContext } from '../core/vendor.ts';
import { BAOQUAN_SEED_ATTESTATIONS, BAOQUAN_SEED_CAS } from '../../contracts/baoquan/templates.ts';
import {
  seedAttachmentText,
  setOwn,
  type Attestation,
  type BaoquanTenant,
  type Ca,
  type KycUser,
} from './state.ts';
import { defaultTenantTemplates } from './templates.ts';

export const VENDOR = 'baoquan';

/** The access key the vendor's own SDK tests use (java-sdk BaoquanClientTest), so SDK code runs unchanged. */
export const DEFAULT_ACCESS_KEY = 'fsBswNzfECKZH9aWyh47fc';

/** Committed TEST key pair of the default tenant (keys/README.md): public on purpose. */
export const DEFAULT_PRIVATE_KEY_PATH = fileURLToPath(
  new URL('./keys/test_private_key.pem', import.meta.url),
);
export const DEFAULT_PUBLIC_KEY_PATH = fileURLToPath(new URL('./keys/test_public_key.pem', import.meta.url));

let defaultPublicKey: string | undefined;
export function defaultPublicKeyPem(): string {
  return (defaultPublicKey ??= readFileSync(DEFAULT_PUBLIC_KEY_PATH, 'utf8'));
}

/**
 * Anchoring delay: how long after completion an attestation's certificate is hashed onto the
 * blockchain (blockchain_hash set). Guess: the doc only says the hash is empty until then.
 * decision: baoquan.anchor-delay
 */
export const DEFAULT_ANCHOR_DELAY_MS = 10 * 60_000;

/**
 * 创建者 of the default organisation, the first signer of every contract. Guess, chosen to fit
 * the doc's own sequence: /contract/verifyCode's example phone 15861111111 is the first call
 * (the creator), /contract/sign's example phone 15811111111 is the first of userPhones.
 * decision: baoquan.creator-phone
 */
export const DEFAULT_CREATOR_PHONE = '15861111111';

// decision: baoquan.certificate-names-default
export const DEFAULT_ORGANIZATION_NAME = '示例科技有限公司';
export const DEFAULT_PRODUCT_NAME = '示例保全产品';

/** Filler identities for the seeded CAs (the contract names only caId, type and link_name). */
const SEED_CA_CONTACTS: Record<string, Pick<Ca, 'link_id_card' | 'link_phone' | 'link_email'>> = {
  // 张三: the doc's /cas example person.
  F98F99A554E944B6996882E8A68C60B2: {
    link_id_card: '330184198501184115',
    link_phone: '13378784545',
    link_email: '123@qq.com',
  },
  '0A68783469E04CAC95ADEAE995A92E65': {
    link_id_card: '33010619900101123X',
    link_phone: '13378784546',
    link_email: 'lisi@example.com',
  },
};

/**
 * The default tenant also holds what the doc's and the SDK tests' examples refer to without
 * creating it first (guess: on the real service these belong to the vendor's test account):
 * - the caIds of the doc's `sign` example (张三 F98F…, 李四 0A68…), personal (BAOQUAN_SEED_CAS);
 * - the attestations the SDK tests read by a fixed ano (BAOQUAN_SEED_ATTESTATIONS), their
 *   attachments as small text files naming themselves (files.ts attachmentBytes);
 * - KYC'd users 15811111111 and 15822222222, the userPhones of the doc's /contract/setDetail
 *   example (userId avbjetsfgyuyrryjetyDFs is the doc's /users/kyc example).
 * decision: baoquan.seeded-examples
 */
function seedCas(now: number): Record<string, Ca> {
  return Object.fromEntries(
    BAOQUAN_SEED_CAS.map((c): [string, Ca] => [
      c.caId,
      {
        caId: c.caId,
        type: c.type,
        link_name: c.link_name,
        ...(SEED_CA_CONTACTS[c.caId] ?? {
          link_id_card: '110105198503024565',
          link_phone: '13378784547',
          link_email: 'ca@example.com',
        }),
        ...(c.type === 'ENTERPRISE' ? { name: c.link_name } : {}),
        createdAt: now,
      },
    ]),
  );
}

function seedUsers(now: number): Record<string, KycUser> {
  const users: KycUser[] = [
    {
      userId: 'avbjetsfgyuyrryjetyDFs',
      name: '用户一',
      phone: '15811111111',
      idCard: '110105198503024565',
      kyc: true,
      createdAt: now,
      updatedAt: now,
    },
    {
      userId: 'Lq3Zb7Xk2Wc9Rt5Yp1Nd8M',
      name: '用户二',
      phone: '15822222222',
      idCard: '440304199207157895',
      kyc: true,
      createdAt: now,
      updatedAt: now,
    },
  ];
  return Object.fromEntries(users.map((u) => [u.userId, u]));
}

function seedAttestations(t: BaoquanTenant, now: number): void {
  for (const s of BAOQUAN_SEED_ATTESTATIONS) {
    const a: Attestation = {
      no: s.no,
      ...(s.unique_id ? { unique_id: s.unique_id } : {}),
      template_id: s.template_id,
      kind: 'attestation',
      identities: { ...s.identities },
      factoids: s.factoids.map((f) => ({
        ...(f.unique_id ? { unique_id: f.unique_id } : {}),
        type: f.type,
        data: structuredClone(f.data),
      })),
      completed: s.completed,
      attachments: structuredClone(s.attachments),
      createdAt: now,
      ...(s.completed ? { completedAt: now } : {}),
      blockchainHash: s.blockchain_hash ?? '',
      ...(s.blockchain_hash ? { anchoredAt: now } : {}),
    };
    setOwn(t.attestations, a.no, a);
    if (a.unique_id) setOwn(t.uniqueIds, a.unique_id, a.no);
    for (const [index, ids] of Object.entries(s.attachments)) {
      for (const id of ids) {
        const text = new TextEncoder().encode(seedAttachmentText(id));
        setOwn(t.attachments, id, {
          id,
          fileName: `${id}.txt`,
          checksum: createHash('sha256').update(text).digest('hex'),
          size: text.length,
          contentType: 'text/plain; charset=utf-8',
          originalBlobId: '',
          blobId: '',
          factoidIndex: Number(index),
          createdAt: now,
        });
      }
    }
  }
}

export interface TenantSettings {
  publicKey: string;
  callbackUrl?: string;
  organizationName?: string;
  productName?: string;
  creatorPhone?: string;
  anchorDelayMs?: number;
  accessLinkTtlMs?: number;
  clientClock?: 'either' | 'wall' | 'virtual';
}

export function emptyTenant(id: string, now: number, s: TenantSettings): BaoquanTenant {
  return {
    id,
    publicKey: s.publicKey,
    callbackUrl: s.callbackUrl ?? '',
    organizationName: s.organizationName ?? DEFAULT_ORGANIZATION_NAME,
    productName: s.productName ?? DEFAULT_PRODUCT_NAME,
    creatorPhone: s.creatorPhone ?? DEFAULT_CREATOR_PHONE,
    anchorDelayMs: s.anchorDelayMs ?? DEFAULT_ANCHOR_DELAY_MS,
    accessLinkTtlMs: s.accessLinkTtlMs ?? 0,
    ...(s.clientClock ? { clientClock: s.clientClock } : {}),
    createdAt: now,
    templates: {},
    attestations: {},
    uniqueIds: {},
    attachments: {},
    cas: {},
    users: {},
    signatures: {},
    contracts: {},
  };
}

export function defaultTenant(now: number): BaoquanTenant {
  const t = emptyTenant(DEFAULT_ACCESS_KEY, now, { publicKey: defaultPublicKeyPem() });
  t.templates = defaultTenantTemplates(now);
  t.cas = seedCas(now);
  t.users = seedUsers(now);
  seedAttestations(t, now);
  return t;
}

export class BaoquanRuntime extends VendorRuntime<BaoquanTenant> {
  constructor(ctx: VendorContext) {
    super(ctx, () => [defaultTenant(ctx.clock.now())]);
  }
}

export const uniqueLockKey = (t: BaoquanTenant, uniqueId: string) => `u:${t.id}:${uniqueId}`;
export const attestationLockKey = (t: BaoquanTenant, no: string) => `a:${t.id}:${no}`;
export const contractLockKey = (t: BaoquanTenant, contractId: string) => `c:${t.id}:${contractId}`;
