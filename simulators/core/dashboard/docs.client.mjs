/* global window, document, fetch, sessionStorage */
// The API docs page (core/dashboard/docs.ts): swagger-ui over the document named in #swagger-ui,
// and links to the other documents. A file, not an inline script: the control port's CSP allows
// only same-origin scripts.
const root = document.getElementById('swagger-ui');
window.SwaggerUIBundle({
  url: root.dataset.spec,
  domNode: root,
  deepLinking: true,
  // The vendors' ports are other origins (connect-src 'self'): reading, not trying.
  supportedSubmitMethods: [],
  validatorUrl: null,
});
// Back to the dashboard with the control token this tab was given (dashboard.client.mjs keeps it).
const token = sessionStorage.getItem('sealsim-token');
if (token) document.getElementById('dashboard-link').href = `/?token=${encodeURIComponent(token)}`;
fetch(root.dataset.docs)
  .then((r) => r.json())
  .then(({ docs }) => {
    const nav = document.getElementById('doc-links');
    for (const d of docs) {
      const a = document.createElement('a');
      a.href = d.page;
      a.textContent = d.id;
      nav.append(a, ' ');
    }
  });
