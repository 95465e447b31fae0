/**
 * Splits a byte stream into NUL-terminated (or newline-terminated) UTF-8 tokens without ever holding more than the
 * current chunk plus one unfinished token. Decoding happens per complete token, so a multi-byte
 * character split across two chunks is never broken.
 */
export class NulTokenizer {
  private rest: Buffer | null = null;

  /** `separator`: the byte that ends a token (NUL by default; `\n` for line output). */
  constructor(private readonly separator = 0) {}

  /** Feeds one chunk; returns the tokens it completed, in order. */
  push(chunk: Buffer): string[] {
    const tokens: string[] = [];
    let buf = chunk;
    if (this.rest !== null) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    let start = 0;
    for (;;) {
      const nul = buf.indexOf(this.separator, start);
      if (nul === -1) break;
      tokens.push(buf.toString('utf8', start, nul));
      start = nul + 1;
    }
    if (start < buf.length) this.rest = Buffer.from(buf.subarray(start));
    return tokens;
  }

  /** The unterminated text left at the end of the stream (empty when the stream ended on NUL). */
  end(): string | null {
    const rest = this.rest;
    this.rest = null;
    return rest === null || rest.length === 0 ? null : rest.toString('utf8');
  }
}
