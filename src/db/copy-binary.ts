/**
 * Rows in PostgreSQL's binary COPY format (header, tuples of length-prefixed big-endian fields, trailer),
 * written straight into ~1 MB buffers. For millions of numeric rows this is several times cheaper than
 * COPY text on both ends: no number is turned into digits in Node or parsed back on the server.
 * Integers must be safe integers (|v| < 2^53); text is UTF-8.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const INT8_OID = 20;
const TWO_32 = 4_294_967_296;

export class BinaryCopyWriter {
  private buffer: Buffer;
  private at = 0;
  private readonly done: Buffer[] = [];
  private rows = 0;

  constructor(private readonly chunkSize = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(Math.max(chunkSize, 19));
    SIGNATURE.copy(this.buffer, 0);
    this.buffer.writeInt32BE(0, 11); // flags
    this.buffer.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  /** Starts a tuple of `fields` fields. */
  row(fields: number): this {
    this.need(2);
    this.buffer.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
    return this;
  }

  int8(value: number): this {
    this.need(12);
    const b = this.buffer;
    b.writeInt32BE(8, this.at);
    // Two 32-bit halves: exact for safe integers, negative ones included, without BigInt.
    const high = Math.floor(value / TWO_32);
    b.writeInt32BE(high, this.at + 4);
    b.writeUInt32BE(value - high * TWO_32, this.at + 8);
    this.at += 12;
    return this;
  }

  int4(value: number): this {
    this.need(8);
    this.buffer.writeInt32BE(4, this.at);
    this.buffer.writeInt32BE(value, this.at + 4);
    this.at += 8;
    return this;
  }

  bool(value: boolean): this {
    this.need(5);
    this.buffer.writeInt32BE(1, this.at);
    this.buffer[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this;
  }

  /** Text already encoded as UTF-8 (callers cache the few distinct values they write millions of times). */
  bytes(value: Uint8Array): this {
    this.need(4 + value.length);
    this.buffer.writeInt32BE(value.length, this.at);
    this.buffer.set(value, this.at + 4);
    this.at += 4 + value.length;
    return this;
  }

  null(): this {
    this.need(4);
    this.buffer.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /** A one-dimensional bigint[] without nulls. */
  int8Array(values: readonly number[]): this {
    this.need(24 + 12 * values.length);
    const b = this.buffer;
    b.writeInt32BE(20 + 12 * values.length, this.at);
    b.writeInt32BE(1, this.at + 4); // dimensions
    b.writeInt32BE(0, this.at + 8); // has nulls
    b.writeInt32BE(INT8_OID, this.at + 12);
    b.writeInt32BE(values.length, this.at + 16);
    b.writeInt32BE(1, this.at + 20); // lower bound
    this.at += 24;
    for (const v of values) {
      const high = Math.floor(v / TWO_32);
      b.writeInt32BE(8, this.at);
      b.writeInt32BE(high, this.at + 4);
      b.writeUInt32BE(v - high * TWO_32, this.at + 8);
      this.at += 12;
    }
    return this;
  }

  get count(): number {
    return this.rows;
  }

  /** Whether a full buffer is waiting to be taken. */
  get ready(): boolean {
    return this.done.length > 0;
  }

  /** Buffers completed so far (the caller yields them to COPY). */
  take(): Buffer[] {
    return this.done.splice(0);
  }

  /** The trailer and the last buffers. */
  end(): Buffer[] {
    this.need(2);
    this.buffer.writeInt16BE(-1, this.at);
    this.at += 2;
    this.done.push(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.alloc(0);
    this.at = 0;
    return this.take();
  }

  /** A tuple may span buffers: COPY data is a byte stream, its messages need not end with a row. */
  private need(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    this.done.push(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.allocUnsafe(Math.max(this.chunkSize, bytes));
    this.at = 0;
  }
}
