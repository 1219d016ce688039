import { describe, expect, it } from 'vitest';
import { httpApiAnswer, httpApiMessage } from './http-api-answer.ts';

describe('httpApiAnswer (payload format 2.0)', () => {
  it('takes a result with statusCode as the response: headers over the JSON default, cookies, text body', () => {
    expect(
      httpApiAnswer({
        statusCode: '201',
        headers: { 'content-type': 'text/plain', 'x-a': '1' },
        cookies: ['a=1', 'b=2'],
        body: 'made',
      }),
    ).toEqual({
      status: 201,
      headers: { 'content-type': 'text/plain', 'x-a': '1', 'set-cookie': ['a=1', 'b=2'] },
      body: 'made',
    });
  });

  it('decodes a base64 body, and answers an absent body as empty', () => {
    const answer = httpApiAnswer({
      statusCode: 200,
      body: Buffer.from([0, 255]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(answer.body).toEqual(Buffer.from([0, 255]));
    expect(httpApiAnswer({ statusCode: 204 }).body).toBe('');
  });

  it('answers anything else as a 200 whose body is the value: a string as it is, the rest as JSON', () => {
    expect(httpApiAnswer('plain')).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: 'plain',
    });
    expect(httpApiAnswer({ ok: true }).body).toBe('{"ok":true}');
    expect(httpApiAnswer(null).body).toBe('null');
  });

  it('writes API Gateway\'s own messages as {"message": …}', () => {
    expect(httpApiMessage(404, 'Not Found')).toEqual({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Not Found"}',
    });
  });
});
