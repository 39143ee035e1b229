/** The app's e签宝 callback receiver, as a fetch-style handler (mounted on the app's HTTP server). */
import { parseCallback, type EsignCallback } from 'sealsim/clients/esign';

export function esignCallbackHandler(
  secret: string,
  onCallback: (callback: EsignCallback) => void | Promise<void> = () => {},
): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = new Uint8Array(await request.arrayBuffer());
    let callback: EsignCallback;
    try {
      callback = parseCallback(request.headers, body, secret);
    } catch {
      return new Response('bad signature', { status: 401 });
    }
    await onCallback(callback);
    // e签宝 stops retrying on HTTP 200 within 2 s
    return new Response('ok', { status: 200 });
  };
}
