/** The control port's front page: vendors, credentials, recent messages and callbacks. */
import { escapeHtml as e, page } from './html.ts';
import type { Simulator } from './simulator.ts';

export function renderDashboard(sim: Simulator): string {
  const vendors = [...sim.vendors.values()]
    .map(
      (v) => `<tr><td><b>${e(v.id)}</b><br><span class="muted">${e(v.name)}</span></td>
<td><code>${e(sim.origin(v.id) + v.basePath)}</code></td>
<td>${Object.entries(v.defaultCredentials())
        .map(([k, val]) => `${e(k)}: <code>${e(val)}</code>`)
        .join('<br>')}${Object.entries(v.describe?.() ?? {})
        .map(([k, val]) => `<br><span class="muted">${e(k)}:</span> <code>${e(val)}</code>`)
        .join('')}</td></tr>`,
    )
    .join('');
  const messages = sim.outbox
    .list()
    .slice(-20)
    .reverse()
    .map(
      (m) =>
        `<tr><td>${e(new Date(m.at).toISOString())}</td><td>${e(m.vendor)}</td>` +
        `<td>${e(m.channel)}</td><td>${e(m.to)}</td><td>${e(m.text)}${
          m.link ? `<br><a href="${e(m.link)}">${e(m.link)}</a>` : ''
        }</td></tr>`,
    )
    .join('');
  const deliveries = sim.webhooks
    .list()
    .slice(-20)
    .reverse()
    .map(
      (d) =>
        `<tr><td>${e(d.id)}</td><td>${e(d.vendor)}</td><td>${e(d.event ?? '')}</td><td>` +
        `<code>${e(d.url)}</code></td><td>${e(d.state)}</td><td>${d.attempts.length}</td></tr>`,
    )
    .join('');
  return page(
    'sealsim',
    `<section><h3>Vendors</h3><table><tr><th>vendor</th><th>base URL</th><th>` +
      `default credentials</th></tr>${vendors}</table></section>
<section><h3>Virtual clock</h3><p><code>${e(new Date(sim.clock.now()).toISOString())}</code>
<span class="muted">(POST /__sim/clock/advance {"ms": N})</span></p></section>
<section><h3>Outbox (newest first)</h3><table><tr><th>at</th><th>vendor</th><th>channel</th><th>` +
      `to</th><th>text</th></tr>${messages}</table></section>
<section><h3>Callbacks (newest first)</h3><table><tr><th>id</th><th>vendor</th><th>event</th><th>` +
      `url</th><th>state</th><th>attempts</th></tr>${deliveries}</table></section>`,
    { refreshSeconds: 5 },
  );
}
