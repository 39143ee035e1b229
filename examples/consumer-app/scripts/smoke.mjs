// Plain node, no TypeScript and no test runner: the clients and the simulator as the app's
// scripts would import them. Prints one JSON line.
import { createSimulator } from 'sealsim';
import { createBaoquanClient } from 'sealsim/clients/baoquan';
import { createEsignClient, ESIGN_BASE_PATH } from 'sealsim/clients/esign';
import { createYunhetongDigestClient } from 'sealsim/clients/yunhetong-digest';
import { createYunhetongSdkClient } from 'sealsim/clients/yunhetong-sdk';

const sim = createSimulator({ vendors: ['esign'] });
try {
  const esign = createEsignClient({
    baseUrl: sim.origin('esign') + ESIGN_BASE_PATH,
    projectId: '1111563657',
    secret: 'cf65f987315b12a21b983ca320196d7d',
    fetch: (req) => sim.fetch(req),
  });
  const { accountId } = await esign.call('/account/create/person/private', {
    thirdId: 'smoke-1',
    name: '张三',
    idNo: '110108196710262291',
    idType: 19,
  });
  const clients = [createBaoquanClient, createYunhetongDigestClient, createYunhetongSdkClient].map(
    (f) => typeof f,
  );
  console.log(JSON.stringify({ accountId, clients }));
} finally {
  sim.close();
}
