import type { OutputColumn } from '../sql/types.ts';
import { toJsonValue } from '../values.ts';

/**
 * Renders output records as JSON objects, one per record, keyed by column name; MISSING values are left out
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_JSONOutput.html).
 */
export class JsonWriter {
  constructor(private readonly recordDelimiter: string) {}

  write(columns: OutputColumn[]): string {
    const record: Record<string, unknown> = {};
    for (const column of columns) {
      const value = toJsonValue(column.value);
      if (value !== undefined) record[column.name] = value;
    }
    return JSON.stringify(record) + this.recordDelimiter;
  }
}
