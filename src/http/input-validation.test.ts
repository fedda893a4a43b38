import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistryApi, type RegistryApi } from '../registry/api-harness.js';
import { loginAs, newPerson, type TestUser } from '../registry/testing.js';
import { databaseDataErrorReply } from './db-errors.js';

let api: RegistryApi;
let district: TestUser;

beforeAll(async () => {
  api = await openRegistryApi();
  district = await loginAs(api.app, api.db(), 'pudong.staff', 'district_staff', '310115');
});
afterAll(async () => {
  await api?.close();
});

const facility = (overrides: object = {}) => ({ kind: 'institution', name: '测试养老院', ownership: 'public', divisionCode: '310115004000', prices: [{ bedType: 'nursing', monthlyPriceFen: 500_000 }], ...overrides });
const facilityCount = async () => Number((await sql<{ n: string }>`select count(*) as n from eldercare.facilities`.execute(api.t.db.kysely)).rows[0].n);

describe('bad input gets a 400 with a Chinese message, never a 500, and changes nothing', () => {
  it('refuses ids beyond the integer range of the API', async () => {
    for (const id of ['99999999999999999999', '9007199254740992', '1e400']) {
      const response = await api.get(api.weifang, `/persons/${id}`);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await api.get(api.weifang, '/persons/2147483648')).statusCode).toBeLessThan(500);
  });

  it('answers an over-long path parameter or a URL that does not decode in Chinese, without echoing it', async () => {
    const long = await api.get(api.weifang, `/persons/${'9'.repeat(200)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({ code: 'URI_TOO_LONG', message: '请求地址中的参数过长' });
    const undecodable = await api.get(api.weifang, '/persons/%ED%A0%80');
    expect(undecodable.statusCode).toBe(400);
    expect(undecodable.body).not.toContain('%ED');
  });

  it('refuses NUL bytes and lone surrogates in query strings and bodies', async () => {
    const nul = await api.get(api.weifang, '/persons?q=%00');
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().message).toMatch(/^请求参数不合法（q）：含有不允许的字符/);
    const before = await facilityCount();
    for (const name of ['养老\u0000院', '养老\uD800院', '\uDC00']) {
      const response = await api.post(district, '/eldercare/facilities', facility({ name }));
      expect(response.statusCode, response.body).toBe(400);
    }
    expect(await facilityCount()).toBe(before);
  });

  it('bounds money by its column: a bed price of 2^31 fen is refused, not a 500', async () => {
    const before = await facilityCount();
    const response = await api.post(district, '/eldercare/facilities', facility({ prices: [{ bedType: 'nursing', monthlyPriceFen: 2_147_483_648 }] }));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toContain('monthlyPriceFen');
    expect(await facilityCount()).toBe(before);
    expect((await api.post(district, '/eldercare/facilities', facility())).statusCode).toBe(200);
  });

  it('refuses unknown properties in bodies and queries instead of ignoring them', async () => {
    const before = await facilityCount();
    const body = await api.post(district, '/eldercare/facilities', facility({ religion: '无' }));
    expect(body.statusCode, body.body).toBe(400);
    expect(await facilityCount()).toBe(before);
    const query = await api.get(api.weifang, '/persons?limit=10&unmask=idNumber');
    expect(query.statusCode, query.body).toBe(400);
  });

  it('refuses a repeated query key', async () => {
    const response = await api.get(api.weifang, '/persons?q=a&q=b');
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toContain('查询参数重复出现');
  });

  it('documents the new bounds in /openapi.json', async () => {
    const spec = (await api.app.inject('/openapi.json')).json();
    const id = spec.paths['/api/v1/persons/{id}'].get.parameters.find((p: { name: string }) => p.name === 'id');
    expect(id.schema.maximum).toBe(Number.MAX_SAFE_INTEGER);
    expect(spec.paths['/api/v1/eldercare/facilities'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });
});

describe('database data errors', () => {
  const errorOf = async (query: ReturnType<typeof sql>) => {
    try {
      await query.execute(api.t.db.kysely);
    } catch (error) {
      return error;
    }
    throw new Error('the query did not fail');
  };

  it('map to 400 or 409 with a generic Chinese message naming no table, column or constraint', async () => {
    const outOfRange = databaseDataErrorReply(await errorOf(sql`select ${'99999999999'}::int4`));
    expect(outOfRange).toEqual({ status: 400, code: 'DATA_INVALID', message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
    const person = newPerson();
    expect((await api.post(api.weifang, '/persons', person)).statusCode).toBe(201);
    const duplicate = databaseDataErrorReply(await errorOf(sql`insert into registry.persons select * from registry.persons limit 1`));
    expect(duplicate?.status).toBe(409);
    expect(JSON.stringify(duplicate)).not.toMatch(/registry|persons|pkey|insert/i);
  });

  it('leave other errors (a syntax error, a lost connection) to the 500 or 503 path', async () => {
    expect(databaseDataErrorReply(await errorOf(sql`selec 1`))).toBeNull();
    expect(databaseDataErrorReply(new Error('connect ECONNREFUSED'))).toBeNull();
  });
});
