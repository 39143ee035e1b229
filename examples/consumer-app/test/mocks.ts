/** The app's own msw handlers: its user service. */
import { http, HttpResponse } from 'msw';
import { USERS_API, type User } from '../src/users.js';

export const ZHANGSAN: User = { id: 'u-1', name: '张三', idNo: '110108196710262291', mobile: '13516134875' };

export const appHandlers = [
  http.get(`${USERS_API}/users/:id`, ({ params }) =>
    params['id'] === ZHANGSAN.id ? HttpResponse.json(ZHANGSAN) : new HttpResponse(null, { status: 404 }),
  ),
];

/** sealsim's default e签宝 project (docs/interface.md, "Default tenants"). */
export const ESIGN = {
  origin: 'http://127.0.0.1:4002',
  projectId: '1111563657',
  secret: 'cf65f987315b12a21b983ca320196d7d',
};
