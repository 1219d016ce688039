/**
 * What API Gateway's HTTP API answers for a function's result in payload format 2.0: an object with
 * `statusCode` is the response (`headers`, `cookies` as Set-Cookie, `body`, base64 when `isBase64Encoded`);
 * anything else is a 200 whose body is the value (a string as it is, anything else as JSON). The one writer
 * of it, for the emulator's HTTP API and `sam local start-api` alike.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export interface HttpApiAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

interface StructuredResult {
  statusCode: unknown;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: unknown;
  isBase64Encoded?: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };

export function httpApiAnswer(payload: unknown): HttpApiAnswer {
  if (payload && typeof payload === 'object' && 'statusCode' in payload) {
    const result = payload as StructuredResult;
    const text = result.body === undefined || result.body === null ? '' : String(result.body);
    return {
      status: Number(result.statusCode),
      headers: {
        ...JSON_TYPE,
        ...result.headers,
        ...(result.cookies?.length ? { 'set-cookie': result.cookies } : {}),
      },
      body: result.isBase64Encoded ? Buffer.from(text, 'base64') : text,
    };
  }
  return {
    status: 200,
    headers: { ...JSON_TYPE },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  };
}

/** An answer API Gateway makes itself (no route: 404; the function failed: 500): `{"message": …}`. */
export function httpApiMessage(status: number, message: string): HttpApiAnswer {
  return { status, headers: { ...JSON_TYPE }, body: JSON.stringify({ message }) };
}
