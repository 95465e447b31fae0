/**
 * Splits a byte stream into NUL-terminated (or newline-terminated) UTF-8 tokens without ever holding more than the
 * current chunk plus one unfinished token. Decoding happens per complete token, so a multi-byte
 * character split across two chunks is never broken.
 */
export class NulTokenizer {
  /** The unfinished token's bytes, as they came (joined once, when it ends). */
  private rest: Buffer[] = [];

  /** `separator`: the byte that ends a token (NUL by default; `\n` for line output). */
  constructor(private readonly separator = 0) {}

  /** Feeds one chunk; returns the tokens it completed, in order. */
  push(chunk: Buffer): string[] {
    const tokens: string[] = [];
    let start = 0;
    if (this.rest.length > 0) {
      // Only the unfinished token and its end are joined, never the whole chunk (a copy of
      // every chunk would double what a large stream allocates).
      const nul = chunk.indexOf(this.separator);
      if (nul === -1) {
        this.rest.push(Buffer.from(chunk));
        return tokens;
      }
      this.rest.push(chunk.subarray(0, nul));
      tokens.push(Buffer.concat(this.rest).toString('utf8'));
      this.rest = [];
      start = nul + 1;
    }
    for (;;) {
      const nul = chunk.indexOf(this.separator, start);
      if (nul === -1) break;
      tokens.push(chunk.toString('utf8', start, nul));
      start = nul + 1;
    }
    // A copy: the chunk itself may be a view into a larger buffer that would stay alive.
    if (start < chunk.length) this.rest.push(Buffer.from(chunk.subarray(start)));
    return tokens;
  }

  /** The unterminated text left at the end of the stream (empty when the stream ended on NUL). */
  end(): string | null {
    const rest = this.rest;
    this.rest = [];
    const text = Buffer.concat(rest);
    return text.length === 0 ? null : text.toString('utf8');
  }
}
