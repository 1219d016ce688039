import { constraint } from './errors.ts';

/** Reads members of a JSON request, answering AWS's "Member must not be null" style errors. */

const memberName = (key: string) => key[0]!.toLowerCase() + key.slice(1);

export function requiredString(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (value === undefined || value === null)
    throw constraint(null, memberName(key), 'Member must not be null');
  if (typeof value !== 'string') throw constraint(value, memberName(key), 'Member must be a string');
  return value;
}

export function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(value, memberName(key), 'Member must be a string');
  return value;
}

export function optionalBoolean(input: Record<string, unknown>, key: string): boolean {
  const value = input[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw constraint(value, memberName(key), 'Member must be a boolean');
  return value;
}

export function optionalInteger(
  input: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw constraint(value, memberName(key), 'Member must be an integer');
  }
  if (value < min)
    throw constraint(value, memberName(key), `Member must have value greater than or equal to ${min}`);
  if (value > max)
    throw constraint(value, memberName(key), `Member must have value less than or equal to ${max}`);
  return value;
}

export function stringList(input: Record<string, unknown>, key: string, min: number, max: number): string[] {
  const value = input[key];
  if (value === undefined || value === null)
    throw constraint(null, memberName(key), 'Member must not be null');
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw constraint(value, memberName(key), 'Member must be a list of strings');
  }
  if (value.length < min) {
    throw constraint(
      `[${value.join(', ')}]`,
      memberName(key),
      `Member must have length greater than or equal to ${min}`,
    );
  }
  if (value.length > max) {
    throw constraint(
      `[${value.join(', ')}]`,
      memberName(key),
      `Member must have length less than or equal to ${max}`,
    );
  }
  return value as string[];
}

export interface Tag {
  Key: string;
  Value: string;
}

export function tagList(input: Record<string, unknown>, key: string): Tag[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw constraint(value, memberName(key), 'Member must be a list');
  for (const tag of value as Tag[]) {
    if (typeof tag?.Key !== 'string' || tag.Key.length < 1 || tag.Key.length > 128) {
      throw constraint(tag?.Key ?? null, 'tags.member.key', 'Member must have length between 1 and 128');
    }
    if (typeof tag.Value !== 'string' || tag.Value.length > 256) {
      throw constraint(
        tag.Value ?? null,
        'tags.member.value',
        'Member must have length less than or equal to 256',
      );
    }
  }
  return value as Tag[];
}
