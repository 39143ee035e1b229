/** The app's own user service (mocked by the app's msw handlers in its tests). */
export const USERS_API = 'https://users.app.test';

export interface User {
  id: string;
  name: string;
  idNo: string;
  mobile: string;
}

export async function fetchUser(id: string): Promise<User> {
  const res = await fetch(`${USERS_API}/users/${encodeURIComponent(id)}`);
  if (!res.ok) throw new Error(`user ${id}: HTTP ${res.status}`);
  return (await res.json()) as User;
}
